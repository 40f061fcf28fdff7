#!/usr/bin/env python3
"""Misbehaving TLS-port servers for the benchmark seed capture (Python 3 stdlib only).

usage: listeners.py MODE:HOST:PORT [MODE:HOST:PORT ...]

Like sample-captures/gen/listeners.py, but each listener serves any number of connections, one
thread per connection, until the process is killed. Every mode first reads the client's first TLS
record completely (so that closing does not turn into a RST because of unread data), then:

  reset   closes with SO_LINGER (on, 0 s): RST                              -> SERVER_RESET
  fin     closes normally: FIN without a byte                               -> SERVER_CLOSED
  silent  sends nothing, keeps the connection until the client closes       -> NO_RESPONSE
  http    answers "HTTP/1.1 400 Bad Request", waits for EOF, closes         -> NON_TLS_RESPONSE
"""
import socket
import struct
import sys
import threading

HTTP_400 = (b"HTTP/1.1 400 Bad Request\r\n"
            b"Server: hellocheck-bench\r\n"
            b"Content-Type: text/plain\r\n"
            b"Content-Length: 12\r\n"
            b"Connection: close\r\n"
            b"\r\n"
            b"Bad Request\n")


def read_first_record(conn, timeout=5.0):
    conn.settimeout(timeout)
    buf = b""
    try:
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            buf += chunk
            if len(buf) >= 5 and buf[0] == 0x16:
                if len(buf) >= 5 + struct.unpack("!H", buf[3:5])[0]:
                    break
            elif len(buf) >= 5:
                break
    except (socket.timeout, OSError):
        pass
    return buf


def wait_for_eof(conn, timeout):
    conn.settimeout(timeout)
    try:
        while conn.recv(65536):
            pass
    except (socket.timeout, OSError):
        pass


def handle(mode, conn):
    try:
        read_first_record(conn)
        if mode == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif mode == "silent":
            wait_for_eof(conn, 30.0)
        elif mode == "http":
            conn.sendall(HTTP_400)
            wait_for_eof(conn, 3.0)
        conn.close()
    except OSError:
        conn.close()


def serve(mode, host, port):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    srv = socket.socket(family, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen(128)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=handle, args=(mode, conn), daemon=True).start()


def main():
    threads = []
    for spec in sys.argv[1:]:
        mode, rest = spec.split(":", 1)
        host, port = rest.rsplit(":", 1)
        if mode not in ("reset", "fin", "silent", "http"):
            sys.exit(f"unknown mode {mode}")
        t = threading.Thread(target=serve, args=(mode, host.strip("[]"), int(port)), daemon=True)
        t.start()
        threads.append(t)
    print("listening", flush=True)
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()
