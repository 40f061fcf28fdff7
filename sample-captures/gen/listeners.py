#!/usr/bin/env python3
"""Small misbehaving TCP servers for hellocheck's sample captures (Python 3 stdlib only).

usage: listeners.py MODE HOST PORT [HOLD_SECONDS]

Every mode accepts exactly one connection, reads the client's first TLS record completely
(so that closing the socket does not turn into a RST because of unread data), then:

  reset   closes with SO_LINGER (on, 0 s): the kernel answers with a RST      -> SERVER_RESET
  fin     closes normally: the kernel sends a FIN, no byte was sent           -> SERVER_CLOSED
  silent  sends nothing and keeps the connection open for HOLD_SECONDS
          (default 30; the capture is stopped before that)                    -> NO_RESPONSE
  http    answers "HTTP/1.1 400 Bad Request", waits for the client to close,
          then closes                                                         -> NON_TLS_RESPONSE

The listening socket is bound before anything else is printed; the caller waits until the
port is listening (with `ss`, which does not open a connection) before starting the client.
"""
import socket
import struct
import sys
import time

HTTP_400 = (b"HTTP/1.1 400 Bad Request\r\n"
            b"Server: hellocheck-sample\r\n"
            b"Content-Type: text/plain\r\n"
            b"Content-Length: 12\r\n"
            b"Connection: close\r\n"
            b"\r\n"
            b"Bad Request\n")


def read_first_record(conn, timeout=5.0):
    """Read until the first TLS record (5-byte header + length) is complete, or whatever arrives."""
    conn.settimeout(timeout)
    buf = b""
    try:
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            buf += chunk
            if len(buf) >= 5 and buf[0] == 0x16:
                need = 5 + struct.unpack("!H", buf[3:5])[0]
                if len(buf) >= need:
                    break
            elif len(buf) >= 5:
                break  # not TLS: take what came
    except socket.timeout:
        pass
    conn.settimeout(None)
    return buf


def wait_for_eof(conn, timeout):
    conn.settimeout(timeout)
    try:
        while conn.recv(65536):
            pass
    except (socket.timeout, OSError):
        pass


def main():
    mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    hold = float(sys.argv[4]) if len(sys.argv) > 4 else 30.0
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    srv = socket.socket(family, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen(1)
    print(f"listening {mode} {host} {port}", flush=True)
    conn, peer = srv.accept()
    data = read_first_record(conn)
    print(f"accepted {peer}, read {len(data)} bytes", flush=True)
    if mode == "reset":
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
    elif mode == "fin":
        conn.close()
    elif mode == "silent":
        time.sleep(hold)
        conn.close()
    elif mode == "http":
        conn.sendall(HTTP_400)
        wait_for_eof(conn, 3.0)
        conn.close()
    else:
        sys.exit(f"unknown mode {mode}")
    srv.close()
    print("done", flush=True)


if __name__ == "__main__":
    main()
