#!/usr/bin/env python3
"""A TCP relay that counts what an S3 client costs (for bench/fleet-index.sh): listens on
127.0.0.1:LISTEN, forwards to 127.0.0.1:TARGET, parses the HTTP/1.1 request heads the client sends
(Content-Length bodies skipped) and counts requests by kind (LIST = a GET with list-type or a
bucket-level GET, GET, HEAD, PUT, DELETE, POST) and the bytes the server sends back. A connection
to 127.0.0.1:CONTROL answers "requests lists gets bytes_down\n" and resets the counters.
With RELAY_LOG=FILE set, each request is also logged there, one line each: its method, its target
(path and query) and the bytes the server sent back for it (a connection's responses follow its
requests in order, so the bytes received after a request's head, up to the next head on that
connection, are its response's); each reset of the counters writes a line "--- reset".

    [RELAY_LOG=FILE] bench/count-relay.py LISTEN TARGET CONTROL
"""
import asyncio
import os
import sys

counts = {"requests": 0, "lists": 0, "gets": 0, "down": 0}
log = open(os.environ["RELAY_LOG"], "a", buffering=1) if os.environ.get("RELAY_LOG") else None
live = set()


class Connection:
    """The request a connection's response bytes are attributed to (logging only)."""

    def __init__(self):
        self.request = None
        self.down = 0

    def start(self, request):
        self.finish()
        self.request, self.down = request, 0

    def finish(self):
        if log and self.request:
            log.write("%s %d\n" % (self.request, self.down))
        self.request = None


def count_head(head, connection):
    line = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = line.split(" ")
    if len(parts) < 2:
        return
    method, target = parts[0], parts[1]
    counts["requests"] += 1
    connection.start("%s %s" % (method, target))
    if method == "GET":
        path, _, query = target.partition("?")
        if "list-type" in query or path.count("/") <= 1 or "prefix=" in query:
            counts["lists"] += 1
        else:
            counts["gets"] += 1


async def client_to_server(reader, writer, connection):
    buffer = b""
    skip = 0
    while True:
        data = await reader.read(65536)
        if not data:
            break
        writer.write(data)
        await writer.drain()
        buffer += data
        while True:
            if skip:
                taken = min(skip, len(buffer))
                buffer = buffer[taken:]
                skip -= taken
                if skip:
                    break
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            head = buffer[:end]
            buffer = buffer[end + 4:]
            count_head(head, connection)
            for header in head.split(b"\r\n")[1:]:
                name, _, value = header.partition(b":")
                if name.strip().lower() == b"content-length":
                    skip = int(value.strip())
    writer.close()


async def server_to_client(reader, writer, connection):
    while True:
        data = await reader.read(65536)
        if not data:
            break
        counts["down"] += len(data)
        connection.down += len(data)
        writer.write(data)
        await writer.drain()
    writer.close()


async def relay(client_reader, client_writer, target):
    try:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target)
    except OSError:
        client_writer.close()
        return
    connection = Connection()
    live.add(connection)
    await asyncio.gather(client_to_server(client_reader, server_writer, connection),
                         server_to_client(server_reader, client_writer, connection), return_exceptions=True)
    connection.finish()
    live.discard(connection)


async def control(reader, writer):
    writer.write(("%d %d %d %d\n" % (counts["requests"], counts["lists"], counts["gets"], counts["down"])).encode())
    for key in counts:
        counts[key] = 0
    if log:
        for connection in live:
            connection.finish()
        log.write("--- reset\n")
    await writer.drain()
    writer.close()


async def main():
    listen, target, ctl = (int(a) for a in sys.argv[1:4])
    await asyncio.start_server(lambda r, w: relay(r, w, target), "127.0.0.1", listen)
    await asyncio.start_server(control, "127.0.0.1", ctl)
    print("ready", flush=True)
    await asyncio.Event().wait()


asyncio.run(main())
