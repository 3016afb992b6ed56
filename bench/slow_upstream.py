"""A provider that takes its time: answers POST /v1/chat/completions after DELAY_MS, like a model
would, and counts what it was asked (GET /count). For the cache and coalescing benchmarks."""
import asyncio
import os
import sys

DELAY = int(os.environ.get("DELAY_MS", "50")) / 1000
BODY = (b'{"id":"chatcmpl-slow","object":"chat.completion","model":"gpt-4o-mini","choices":[{"index":0,'
        b'"message":{"role":"assistant","content":"Hello after a while."},"finish_reason":"stop"}],'
        b'"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}')
count = 0


async def handle(reader, writer):
    global count
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            length = 0
            for line in lines[1:]:
                if line.lower().startswith("content-length:"):
                    length = int(line.split(":", 1)[1])
            if length:
                await reader.readexactly(length)
            if lines[0].startswith("GET /count"):
                body = str(count).encode()
            else:
                count += 1
                await asyncio.sleep(DELAY)
                body = BODY
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                         + str(len(body)).encode() + b"\r\n\r\n" + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()


async def main(port):
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()

asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 18090))
