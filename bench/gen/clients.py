#!/usr/bin/env python3
"""Client side of the benchmark seed capture (Python 3 stdlib; runs curl and openssl s_client).

usage: clients.py CONNECTIONS PARALLEL CERTS_DIR MANIFEST [RANDOM_SEED]

Makes CONNECTIONS TCP connections, PARALLEL at a time, of a fixed mix of kinds (see KINDS), in a
random but reproducible order, and writes MANIFEST: one line per kind with how many connections were
made and how many of them send a ClientHello. After every tenth connection it also sends a UDP
datagram to a closed port (the kernel answers with an ICMP port unreachable), so that the capture
holds frames that are not TCP.

Servers (started by make-seed.sh, all on port 443 so that tshark decodes TLS without -d):
  127.0.0.1, 127.0.0.2, [::1]  openssl s_server -WWW (TLS 1.2 and 1.3, serves the files in docroot)
  127.0.0.3  s_server, only AES256-SHA / TLS_AES_256_GCM_SHA384    (alert 40 to other offers)
  127.0.0.4  s_server, TLS 1.3 only                                 (alert 70 to TLS 1.2 clients)
  127.0.0.5 reset, .6 fin, .7 http, .8 silent: listeners.py
  127.0.0.9  nothing listens                                        (RST to the SYN)
"""
import random
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

# Files in docroot (made by make-seed.sh) and how often each is fetched.
FILES = [("f1k", 30), ("f16k", 25), ("f64k", 22), ("f256k", 17), ("f1m", 6)]

# kind -> (weight, sends a ClientHello, outcome it is built to produce)
KINDS = {
    "tls13_get":        (44, True, "COMPLETED"),
    "tls12_get":        (20, True, "COMPLETED"),
    "tls13_get_ipv6":   (4, True, "COMPLETED"),
    "tls13_sclient":    (5, True, "COMPLETED"),
    "alert40_tls12":    (3, True, "SERVER_ALERT"),
    "alert40_tls13":    (3, True, "SERVER_ALERT"),
    "alert70":          (2, True, "SERVER_ALERT"),
    "unknown_ca":       (3, True, "FAILED_AFTER_SERVER_HELLO"),
    "reset":            (4, True, "SERVER_RESET"),
    "fin":              (4, True, "SERVER_CLOSED"),
    "http":             (3, True, "NON_TLS_RESPONSE"),
    "silent":           (2, True, "NO_RESPONSE"),
    "refused":          (3, False, "TCP_REFUSED"),
}


def curl(certs, host_ip, path, *extra, cacert="ca.pem", max_time="10"):
    host = f"[{host_ip}]" if ":" in host_ip else host_ip
    return ["curl", "-sS", "-o", "/dev/null", "--max-time", max_time, "--cacert", f"{certs}/{cacert}",
            "--resolve", f"localhost:443:{host_ip}", *extra, f"https://localhost:443/{path}"]


def command(kind, rng, certs):
    f = rng.choices([n for n, _ in FILES], weights=[w for _, w in FILES])[0]
    web = rng.choice(["127.0.0.1", "127.0.0.2"])
    if kind == "tls13_get":
        return curl(certs, web, f, "--tlsv1.3"), None
    if kind == "tls12_get":
        return curl(certs, web, f, "--tlsv1.2", "--tls-max", "1.2"), None
    if kind == "tls13_get_ipv6":
        return curl(certs, "::1", f, "--tlsv1.3"), None
    if kind == "tls13_sclient":
        return (["openssl", "s_client", "-connect", f"{web}:443", "-servername", "localhost",
                 "-CAfile", f"{certs}/ca.pem", "-tls1_3", "-ign_eof", "-quiet"],
                f"GET /{f} HTTP/1.0\r\n\r\n".encode())
    if kind == "alert40_tls12":
        return curl(certs, "127.0.0.3", "f1k", "--tls-max", "1.2", "--ciphers", "AES128-SHA"), None
    if kind == "alert40_tls13":
        return curl(certs, "127.0.0.3", "f1k", "--tlsv1.3", "--tls13-ciphers", "TLS_AES_128_GCM_SHA256"), None
    if kind == "alert70":
        return curl(certs, "127.0.0.4", "f1k", "--tls-max", "1.2"), None
    if kind == "unknown_ca":
        return curl(certs, web, "f1k", cacert="other-ca.pem"), None
    if kind == "reset":
        return curl(certs, "127.0.0.5", ""), None
    if kind == "fin":
        return curl(certs, "127.0.0.6", ""), None
    if kind == "http":
        return curl(certs, "127.0.0.7", ""), None
    if kind == "silent":
        return curl(certs, "127.0.0.8", "", max_time="1"), None
    if kind == "refused":
        return curl(certs, "127.0.0.9", ""), None
    raise ValueError(kind)


def main():
    total, parallel, certs, manifest = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 20261129)
    names = list(KINDS)
    plan = rng.choices(names, weights=[KINDS[k][0] for k in names], k=total)
    jobs = [(i, kind, *command(kind, rng, certs)) for i, kind in enumerate(plan)]
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

    def run(job):
        i, kind, argv, stdin = job
        subprocess.run(argv, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=30, check=False)
        if i % 10 == 0:
            udp.sendto(b"hellocheck bench noise %d" % i, ("127.0.0.1", 9999))
        return kind

    counts = dict.fromkeys(names, 0)
    with ThreadPoolExecutor(parallel) as pool:
        for n, kind in enumerate(pool.map(run, jobs), 1):
            counts[kind] += 1
            if n % 500 == 0:
                print(f"[clients] {n}/{total}", file=sys.stderr, flush=True)
    with open(manifest, "w") as out:
        out.write("kind\tconnections\tclient_hellos\toutcome\n")
        for k in names:
            out.write(f"{k}\t{counts[k]}\t{counts[k] if KINDS[k][1] else 0}\t{KINDS[k][2]}\n")


if __name__ == "__main__":
    main()
