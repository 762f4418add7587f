#!/usr/bin/python3
"""A TCP proxy that adds a fixed round-trip time, for benchmarks on a machine
without netem: every chunk is delivered half the RTT after it arrived, in
order, in each direction, so a request/response exchange costs one RTT more
and a new connection's first exchange one more (the handshake's).

usage: latency_proxy.py LISTEN_PORT TARGET_HOST:TARGET_PORT RTT_MS [PORTFILE]
With LISTEN_PORT 0 the kernel picks a port; it is written to PORTFILE.
Listens on 127.0.0.1 only. Runs until killed.
"""
import asyncio
import sys


async def pump(reader, writer, delay):
    """Forwards reader to writer, each chunk `delay` seconds after it came."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                break
            writer.write(data)
            await writer.drain()
        try:
            writer.write_eof()
        except OSError:
            pass

    sender = asyncio.create_task(deliver())
    try:
        while True:
            data = await reader.read(65536)
            queue.put_nowait((loop.time() + delay, data or None))
            if not data:
                break
        await sender
    except (ConnectionError, OSError):
        sender.cancel()
    finally:
        writer.close()


async def serve(listen_port, host, port, rtt, portfile):
    delay = rtt / 2000.0

    async def handle(creader, cwriter):
        await asyncio.sleep(2 * delay)  # the handshake's round trip
        try:
            sreader, swriter = await asyncio.open_connection(host, port)
        except OSError:
            cwriter.close()
            return
        await asyncio.gather(pump(creader, swriter, delay),
                             pump(sreader, cwriter, delay),
                             return_exceptions=True)

    server = await asyncio.start_server(handle, "127.0.0.1", listen_port,
                                        backlog=512)
    if portfile:
        with open(portfile + ".tmp", "w") as f:
            f.write("%d\n" % server.sockets[0].getsockname()[1])
        import os
        os.rename(portfile + ".tmp", portfile)
    async with server:
        await server.serve_forever()


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    host, port = sys.argv[2].rsplit(":", 1)
    asyncio.run(serve(int(sys.argv[1]), host, int(port), float(sys.argv[3]),
                      sys.argv[4] if len(sys.argv) == 5 else None))


if __name__ == "__main__":
    main()
