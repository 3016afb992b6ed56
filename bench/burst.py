"""Sends N requests at once, each on its own connection, and reports how long the whole burst took
and the requests' latencies: the figure for "500 concurrent requests to a provider answering in 1 s".
Usage: python3 bench/burst.py URL [N]   (plain http, this machine only). Prints
"n ok failed wall_s p50_s p99_s max_s"."""
import asyncio
import sys
import time
from urllib.parse import urlsplit

BODY = b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'


async def one(host, port, path, timeout):
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write((f"POST {path} HTTP/1.1\r\nhost: {host}:{port}\r\ncontent-type: application/json\r\n"
                      f"authorization: Bearer bench\r\ncontent-length: {len(BODY)}\r\n\r\n").encode() + BODY)
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/1.1 ") else 0
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), None)
        if length is None:
            return 0, 0.0
        await asyncio.wait_for(reader.readexactly(length), timeout)
    finally:
        writer.close()
    return status, time.perf_counter() - start


async def main(url, n):
    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost"):
        sys.exit("burst.py only targets this machine")
    start = time.perf_counter()
    results = await asyncio.gather(*(one(parts.hostname, parts.port, parts.path, 60) for _ in range(n)),
                                   return_exceptions=True)
    wall = time.perf_counter() - start
    ok = sorted(r[1] for r in results if not isinstance(r, BaseException) and r[0] == 200)
    pick = lambda q: ok[min(len(ok) - 1, int(q * len(ok)))] if ok else float("nan")
    print(f"{n} {len(ok)} {n - len(ok)} {wall:.3f} {pick(0.5):.3f} {pick(0.99):.3f} {pick(1.0):.3f}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 500))
