#!/usr/bin/env python3
"""Makes a large capture from a seed: COPIES copies of SEED one after the other (Python 3 stdlib only).

usage: replicate.py SEED.pcap OUT.pcap COPIES [--server-port 443 ...] [--gap-seconds 10]

SEED must be a classic pcap (micro- or nanosecond, either byte order) of Ethernet frames, as tcpdump
writes on Linux lo. Copy 0 is the seed as it is. Copy k (k >= 1):

- has every timestamp shifted by k * (seed duration, rounded up to whole seconds, + gap): copies follow
  one another and the file stays in time order;
- has the client port of every TCP segment (any port that is not a --server-port) replaced by a port
  no other copy and no seed connection uses, the same replacement for every segment of that port in
  the copy, so each copy's connections are new connections (tshark's tcp.stream and hellocheck agree),
  and a connection of the seed that reused a port still reuses it in the copy;
- has its TCP checksums updated for the new port (RFC 1624 incremental update: a checksum that was
  right stays right, one that was not, as with checksum offload on lo, stays equally wrong).

Nothing else changes: IP addresses, sequence numbers, payloads, UDP and ICMP frames are copied as they
are. Ports are allocated from 1024..65535 minus the server ports and the seed's own client ports; the
script stops with an error when (COPIES - 1) * client ports exceeds that pool.
"""
import argparse
import struct
import sys


def parse_seed(data, server_ports):
    """Returns (endian, record offsets, TCP port patches, client ports)."""
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        sys.exit("replicate.py: SEED is not a classic pcap file")
    linktype = struct.unpack_from(e + "I", data, 20)[0] & 0xFFFF
    if linktype != 1:
        sys.exit(f"replicate.py: link type {linktype}, only Ethernet (1) is handled")
    records = []       # offset of each record header
    patches = []       # (port field offset, checksum offset, port)
    clients = set()
    pos = 24
    n = len(data)
    unpack_rec = struct.Struct(e + "IIII").unpack_from
    while pos + 16 <= n:
        _, _, caplen, _ = unpack_rec(data, pos)
        p = pos + 16
        end = p + caplen
        if end > n:
            break
        records.append(pos)
        pos = end
        if caplen < 14:
            continue
        etype = (data[p + 12] << 8) | data[p + 13]
        q = p + 14
        if etype == 0x0800 and end - q >= 20:
            ihl = (data[q] & 0x0F) * 4
            frag = ((data[q + 6] << 8) | data[q + 7]) & 0x3FFF
            if data[q + 9] != 6 or frag:
                continue
            t = q + ihl
        elif etype == 0x86DD and end - q >= 40:
            if data[q + 6] != 6:
                continue  # extension headers do not occur on lo here
            t = q + 40
        else:
            continue
        if end - t < 20:
            continue
        sport = (data[t] << 8) | data[t + 1]
        dport = (data[t + 2] << 8) | data[t + 3]
        for off, port in ((t, sport), (t + 2, dport)):
            if port not in server_ports:
                patches.append((off, t + 16, port))
                clients.add(port)
    return e, records, patches, clients


def fold(x):
    while x > 0xFFFF:
        x = (x & 0xFFFF) + (x >> 16)
    return x


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("seed")
    ap.add_argument("out")
    ap.add_argument("copies", type=int)
    ap.add_argument("--server-port", type=int, action="append", default=None)
    ap.add_argument("--gap-seconds", type=int, default=10)
    a = ap.parse_args()
    server_ports = set(a.server_port or [443])
    with open(a.seed, "rb") as f:
        seed = f.read()
    e, records, patches, clients = parse_seed(seed, server_ports)
    if not records:
        sys.exit("replicate.py: SEED holds no packet")
    first = struct.unpack_from(e + "I", seed, records[0])[0]
    last = struct.unpack_from(e + "I", seed, records[-1])[0]
    period = (last - first + 1) + a.gap_seconds
    pool = [p for p in range(1024, 65536) if p not in server_ports and p not in clients]
    need = (a.copies - 1) * len(clients)
    if need > len(pool):
        sys.exit(f"replicate.py: {a.copies} copies need {need} client ports, only {len(pool)} are free "
                 "(use a larger seed or fewer copies)")
    print(f"[replicate] seed: {len(records)} frames, {len(seed)} bytes, {len(clients)} client ports, "
          f"{period - a.gap_seconds} s; {a.copies} copies, {period} s apart", file=sys.stderr)
    sec = struct.Struct(e + "I")
    u16 = struct.Struct(">H")
    ordered = sorted(clients)
    with open(a.out, "wb") as out:
        out.write(seed)
        for k in range(1, a.copies):
            mapping = dict(zip(ordered, pool[(k - 1) * len(ordered): k * len(ordered)]))
            buf = bytearray(seed)
            shift = k * period
            for r in records:
                sec.pack_into(buf, r, sec.unpack_from(buf, r)[0] + shift)
            for off, csum_off, port in patches:
                new = mapping[port]
                u16.pack_into(buf, off, new)
                # RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m')
                hc = u16.unpack_from(buf, csum_off)[0]
                u16.pack_into(buf, csum_off, ~fold((~hc & 0xFFFF) + (~port & 0xFFFF) + new) & 0xFFFF)
            out.write(memoryview(buf)[24:])
            print(f"[replicate] copy {k + 1}/{a.copies} written", file=sys.stderr)


if __name__ == "__main__":
    main()
