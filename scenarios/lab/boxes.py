#!/usr/bin/env python3
"""Small network boxes for the hellocheck scenario lab (Python 3 standard library only).

usage: boxes.py MODE ARGS...   (every box exits by itself after LIFETIME seconds, default 120)

  socks HOST PORT                      SOCKS4/4a/5 proxy (no authentication, RFC 1928 / SOCKS4 protocol):
                                       a request for port 9 is refused by rule (SOCKS5 reply 0x02, SOCKS4
                                       0x5b), a target that refuses the connection gets reply 0x05 / 0x5b
  delay HOST PORT BHOST BPORT SECONDS  relay that holds the backend's first answer until SECONDS after the
                                       client's first bytes (a slow or distant server), sent even when the
                                       client has closed meanwhile
  preamble-client HOST PORT SHOST SPORT HEX
                                       client-side relay: sends the bytes HEX first, then relays (a tunnel
                                       header we do not know)
  preamble-server HOST PORT BHOST BPORT N
                                       server-side relay: drops the first N bytes, then relays
  front POLICY HOST PORT BHOST BPORT   reads the ClientHello and relays it to the backend, or not, by POLICY:
                                         schannel      RST unless a version <= TLS 1.2 and a suite of
                                                       Windows Server 2016's default list are offered
                                         tls13-intolerant  FIN when supported_versions offers TLS 1.3
                                         large-reset   RST when the ClientHello record is over 1000 bytes
                                                       (a box that cannot take a ClientHello split over
                                                       segments)
  silent HOST PORT [RESET_AFTER]       accepts, reads, never answers; with RESET_AFTER, resets the
                                       connection that many seconds after its last bytes (a load
                                       balancer giving up on its backend)
  stuck HOST PORT                      accepts and never reads (a hung application) with the smallest receive
                                       buffer (SO_RCVBUF 1, the kernel's minimum): the server's window goes
                                       to zero under a large ClientHello
  smtp HOST PORT refuse|accept CERT KEY
                                       SMTP server offering STARTTLS; refuse answers it with 454
  closenotify HOST PORT CERT KEY       TLS server (Python ssl): handshake, then close_notify and FIN
  mitm HOST PORT UHOST UPORT CERT KEY CAFILE
                                       TLS-intercepting proxy: terminates TLS with CERT (a private CA's
                                       leaf), connects to the upstream verifying it with CAFILE, relays
  tls-client HOST PORT                 a listener whose TLS end is set up as a client (Python ssl,
                                       server_side=False, as Java's SSLEngine.setUseClientMode(true) on
                                       the wrong side): once the peer's first bytes arrive, it sends its
                                       own ClientHello on the accepted connection
  inject IFACE NEEDLE                  on-path injector: a client segment carrying NEEDLE (a server name)
                                       gets a RST forged from the server (TTL 200, random IP ID) at once;
                                       the segment itself passes on
"""
import os
import random
import select
import socket
import ssl
import struct
import sys
import threading
import time

LIFETIME = float(os.environ.get("LIFETIME", "120"))
WIN2016_SUITES = {0xc02c, 0xc02b, 0xc030, 0xc02f, 0xc024, 0xc023, 0xc028, 0xc027, 0xc00a, 0xc009, 0xc014,
                  0xc013, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x000a}


def log(*a):
    print(*a, flush=True)


def listen(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, int(port)))
    s.listen(16)
    return s


def serve(srv, handler):
    """Accept until LIFETIME is over; one thread per connection."""
    end = time.time() + LIFETIME
    while time.time() < end:
        r, _, _ = select.select([srv], [], [], 0.5)
        if r:
            conn, peer = srv.accept()
            threading.Thread(target=handler, args=(conn, peer), daemon=True).start()


def pump(a, b, first_delay_until=None):
    """Copy a -> b until EOF; shut b's write side then."""
    try:
        while True:
            data = a.recv(65536)
            if not data:
                break
            if first_delay_until is not None:
                wait = first_delay_until() - time.time()
                if wait > 0:
                    time.sleep(wait)
                first_delay_until = None
            b.sendall(data)
    except OSError:
        pass
    try:
        b.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def relay(c, u, first_from_upstream_delay=None):
    t = threading.Thread(target=pump, args=(c, u), daemon=True)
    t.start()
    pump(u, c, first_from_upstream_delay)
    t.join(LIFETIME)
    for s in (c, u):
        try:
            s.close()
        except OSError:
            pass


def recv_exact(c, n):
    buf = b""
    while len(buf) < n:
        d = c.recv(n - len(buf))
        if not d:
            raise EOFError
        buf += d
    return buf


def read_record(c):
    """The first TLS record of the client, header included (whatever came, if it is cut)."""
    c.settimeout(5)
    buf = b""
    try:
        while len(buf) < 5 or len(buf) < 5 + struct.unpack("!H", buf[3:5])[0]:
            d = c.recv(65536)
            if not d:
                break
            buf += d
    except OSError:
        pass
    c.settimeout(None)
    return buf


def client_hello_facts(rec):
    """(cipher suites, supported_versions) of a ClientHello record; legacy_version when no extension."""
    p = 5 + 4
    legacy = struct.unpack("!H", rec[p:p + 2])[0]
    p += 2 + 32
    p += 1 + rec[p]
    n = struct.unpack("!H", rec[p:p + 2])[0]
    suites = {struct.unpack("!H", rec[p + 2 + i:p + 4 + i])[0] for i in range(0, n, 2)}
    p += 2 + n
    p += 1 + rec[p]
    versions = {legacy}
    if p + 2 <= len(rec):
        end = p + 2 + struct.unpack("!H", rec[p:p + 2])[0]
        p += 2
        while p + 4 <= end:
            t, ln = struct.unpack("!HH", rec[p:p + 4])
            if t == 43:
                body = rec[p + 5:p + 4 + ln]
                versions = {struct.unpack("!H", body[i:i + 2])[0] for i in range(0, len(body), 2)}
            p += 4 + ln
    return suites, versions


def rst_close(c):
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()


def box_front(policy, host, port, bhost, bport):
    def handle(c, peer):
        rec = read_record(c)
        try:
            suites, versions = client_hello_facts(rec)
        except (IndexError, struct.error):
            log(f"{peer}: not a ClientHello: FIN")
            return c.close()
        if policy == "large-reset" and len(rec) > 1000:
            log(f"{peer}: ClientHello record of {len(rec)} bytes: RST")
            return rst_close(c)
        if policy == "schannel" and (not suites & WIN2016_SUITES or min(versions) > 0x0303):
            log(f"{peer}: no Windows 2016 suite or version: RST")
            return rst_close(c)
        if policy == "tls13-intolerant" and 0x0304 in versions:
            log(f"{peer}: TLS 1.3 offered: FIN")
            return c.close()
        u = socket.create_connection((bhost, int(bport)))
        u.sendall(rec)
        relay(c, u)
    serve(listen(host, port), handle)


def box_delay(host, port, bhost, bport, seconds):
    def handle(c, peer):
        u = socket.create_connection((bhost, int(bport)))
        first = {}

        def until():
            return first.get("t", time.time()) + float(seconds)
        c.settimeout(10)
        try:
            d = c.recv(65536)
        except OSError:
            d = b""
        c.settimeout(None)
        first["t"] = time.time()
        if d:
            u.sendall(d)
        relay(c, u, until)
    serve(listen(host, port), handle)


def box_preamble_client(host, port, shost, sport, hexbytes):
    def handle(c, peer):
        u = socket.create_connection((shost, int(sport)))
        u.sendall(bytes.fromhex(hexbytes))
        relay(c, u)
    serve(listen(host, port), handle)


def box_preamble_server(host, port, bhost, bport, n):
    def handle(c, peer):
        try:
            recv_exact(c, int(n))
        except EOFError:
            return c.close()
        relay(c, socket.create_connection((bhost, int(bport))))
    serve(listen(host, port), handle)


def box_socks(host, port):
    def connect(dst, dport):
        if dport == 9:
            return None, "rule"
        try:
            return socket.create_connection((dst, dport), timeout=3), "ok"
        except OSError:
            return None, "refused"

    def handle(c, peer):
        try:
            ver = recv_exact(c, 1)[0]
            if ver == 5:
                nm = recv_exact(c, 1)[0]
                recv_exact(c, nm)
                c.sendall(b"\x05\x00")
                _, cmd, _, atyp = recv_exact(c, 4)
                if atyp == 1:
                    dst = socket.inet_ntoa(recv_exact(c, 4))
                elif atyp == 3:
                    dst = recv_exact(c, recv_exact(c, 1)[0]).decode()
                else:
                    dst = socket.inet_ntop(socket.AF_INET6, recv_exact(c, 16))
                dport = struct.unpack("!H", recv_exact(c, 2))[0]
                u, why = connect(dst, dport)
                code = {"ok": 0, "rule": 2, "refused": 5}[why]
                log(f"{peer}: SOCKS5 CONNECT {dst}:{dport} -> reply {code}")
                c.sendall(bytes([5, code, 0, 1]) + socket.inet_aton("0.0.0.0") + b"\x00\x00")
            elif ver == 4:
                cmd = recv_exact(c, 1)[0]
                dport = struct.unpack("!H", recv_exact(c, 2))[0]
                ip = recv_exact(c, 4)
                while recv_exact(c, 1) != b"\x00":
                    pass
                dst = socket.inet_ntoa(ip)
                if ip[:3] == b"\x00\x00\x00":
                    name = b""
                    while (ch := recv_exact(c, 1)) != b"\x00":
                        name += ch
                    dst = name.decode()
                u, why = connect(dst, dport)
                code = 0x5a if why == "ok" else 0x5b
                log(f"{peer}: SOCKS4 CONNECT {dst}:{dport} -> reply {code:#x}")
                c.sendall(bytes([0, code]) + b"\x00" * 6)
            else:
                return c.close()
        except (EOFError, OSError):
            return c.close()
        if u is None:
            time.sleep(0.05)
            return c.close()
        relay(c, u)
    serve(listen(host, port), handle)


def box_silent(host, port, reset_after=None):
    def handle(c, peer):
        c.settimeout(float(reset_after) if reset_after else LIFETIME)
        try:
            while c.recv(65536):
                pass
        except socket.timeout:
            if reset_after:
                log(f"{peer}: nothing to relay after {reset_after} s: RST")
                return rst_close(c)
        except OSError:
            pass
        c.close()
    serve(listen(host, port), handle)


def box_stuck(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)  # before listen: accepted sockets inherit it
    s.bind((host, int(port)))
    s.listen(16)
    held = []
    end = time.time() + LIFETIME
    while time.time() < end:
        r, _, _ = select.select([s], [], [], 0.5)
        if r:
            c, peer = s.accept()
            log(f"{peer}: accepted, never read (receive buffer {c.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)})")
            held.append(c)


def box_smtp(host, port, mode, cert, key):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)

    def handle(c, peer):
        f = c.makefile("rb")
        c.sendall(b"220 mail.lab.test ESMTP hellocheck-lab\r\n")
        try:
            while True:
                line = f.readline()
                if not line:
                    break
                verb = line.strip().split(b" ")[0].upper()
                if verb in (b"EHLO", b"HELO"):
                    c.sendall(b"250-mail.lab.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n")
                elif verb == b"STARTTLS" and mode == "refuse":
                    c.sendall(b"454 4.7.0 TLS not available due to local problem\r\n")
                elif verb == b"STARTTLS":
                    c.sendall(b"220 2.0.0 Ready to start TLS\r\n")
                    t = ctx.wrap_socket(c, server_side=True)
                    tf = t.makefile("rb")
                    while True:
                        tl = tf.readline()
                        if not tl or tl.strip().upper() == b"QUIT":
                            t.sendall(b"221 2.0.0 Bye\r\n")
                            break
                        t.sendall(b"250 ok\r\n")
                    t.close()
                    return
                elif verb == b"QUIT":
                    c.sendall(b"221 2.0.0 Bye\r\n")
                    break
                else:
                    c.sendall(b"250 ok\r\n")
        except OSError:
            pass
        c.close()
    serve(listen(host, port), handle)


def box_closenotify(host, port, cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.load_cert_chain(cert, key)

    def handle(c, peer):
        try:
            t = ctx.wrap_socket(c, server_side=True)
            time.sleep(0.1)
            t = t.unwrap()
            t.close()
        except (OSError, ssl.SSLError) as e:
            log(f"{peer}: {e}")
            c.close()
    serve(listen(host, port), handle)


def box_mitm(host, port, uhost, uport, cert, key, cafile):
    sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    sctx.load_cert_chain(cert, key)
    cctx = ssl.create_default_context(cafile=cafile)

    def handle(c, peer):
        try:
            t = sctx.wrap_socket(c, server_side=True)
            sni = "www.lab.test"
            u = cctx.wrap_socket(socket.create_connection((uhost, int(uport))), server_hostname=sni)
        except (OSError, ssl.SSLError) as e:
            log(f"{peer}: {e}")
            return c.close()
        relay(t, u)
    serve(listen(host, port), handle)


def box_tls_client(host, port):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE

    def handle(c, peer):
        # waits for the peer's ClientHello, so that the two hellos cross in one order on every run
        select.select([c], [], [], 5)
        try:
            ctx.wrap_socket(c, server_side=False).close()
        except (OSError, ssl.SSLError) as e:
            log(f"{peer}: {e}")
            c.close()
    serve(listen(host, port), handle)


def checksum(b):
    if len(b) % 2:
        b += b"\x00"
    s = sum(struct.unpack(f"!{len(b) // 2}H", b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def box_inject(iface, needle):
    needle = needle.encode()
    sniff = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
    sniff.bind((iface, 0))
    out = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    end = time.time() + LIFETIME
    while time.time() < end:
        r, _, _ = select.select([sniff], [], [], 0.5)
        if not r:
            continue
        frame, addr = sniff.recvfrom(65536)
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        ip = frame[14:]
        if len(ip) < 40 or ip[9] != 6:
            continue
        ihl = (ip[0] & 15) * 4
        tcp = ip[ihl:]
        doff = (tcp[12] >> 4) * 4
        payload = tcp[doff:struct.unpack("!H", ip[2:4])[0] - ihl]
        if needle not in payload:
            continue
        src, dst = ip[12:16], ip[16:20]
        sport, dport, seq, ack = struct.unpack("!HHII", tcp[:12])
        rtcp = struct.pack("!HHIIBBHHH", dport, sport, ack, (seq + len(payload)) & 0xffffffff, 5 << 4,
                           0x14, 0, 0, 0)
        pseudo = dst + src + struct.pack("!BBH", 0, 6, len(rtcp))
        rtcp = rtcp[:16] + struct.pack("!H", checksum(pseudo + rtcp)) + rtcp[18:]
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(rtcp), random.randrange(65536), 0, 200, 6, 0,
                          dst, src)
        hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
        out.sendto(hdr + rtcp, (socket.inet_ntoa(src), 0))
        log(f"injected RST to {socket.inet_ntoa(src)}:{sport}")


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    boxes = {"socks": box_socks, "delay": box_delay, "preamble-client": box_preamble_client,
             "preamble-server": box_preamble_server, "front": box_front, "silent": box_silent, "stuck": box_stuck,
             "smtp": box_smtp, "closenotify": box_closenotify, "mitm": box_mitm, "tls-client": box_tls_client,
             "inject": box_inject}
    if mode not in boxes:
        sys.exit(f"unknown box {mode}")
    log(f"{mode} {' '.join(args)}")
    boxes[mode](*args)


if __name__ == "__main__":
    main()
