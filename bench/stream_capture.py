"""Reads a loopback capture of streamed requests through Sluice (bench/stream-capture.sh) and splits the time
Sluice adds to a stream's first byte into its two legs, by the packets' own timestamps:

  request path   the client's last request packet -> Sluice's request to the upstream
  first chunk    the upstream's first answer packet -> Sluice's first answer packet to the client
  every chunk    any upstream answer packet -> the next answer packet Sluice sends the client

Usage: python3 bench/stream_capture.py GATEWAY_PORT UPSTREAM_PORT capture.pcap [...]
Prints one line per capture: the median and p90 of each, in milliseconds.
"""
import re
import subprocess
import sys

PACKET = re.compile(r"(\d+\.\d+) IP [\d.]+\.(\d+) > [\d.]+\.(\d+): .* length (\d+)")


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] if values else float("nan")


def legs(capture, gateway, upstream):
    text = subprocess.run(["tcpdump", "-r", capture, "-n", "-tt"], capture_output=True, text=True).stdout
    requests, current, last_client, unanswered, chunks = [], None, None, [], []
    for line in text.splitlines():
        match = PACKET.match(line)
        if not match or int(match.group(4)) == 0:
            continue
        at, source, target = float(match.group(1)), int(match.group(2)), int(match.group(3))
        if target == gateway:
            last_client = at
            if current is None or "answered" in current:
                current = {}
                requests.append(current)
        elif current is None:
            continue
        elif target == upstream:
            current.setdefault("forwarded", at)
            current.setdefault("asked", last_client)
        elif source == upstream:
            if "forwarded" in current:
                current.setdefault("upstream", at)
            unanswered.append(at)
        elif source == gateway:
            if "upstream" in current:
                current.setdefault("answered", at)
            if unanswered:
                chunks.append((at - unanswered[0]) * 1000)
                unanswered = []
    done = [r for r in requests if "answered" in r]
    return ([(r["forwarded"] - r["asked"]) * 1000 for r in done],
            [(r["answered"] - r["upstream"]) * 1000 for r in done], chunks)


def main():
    gateway, upstream = int(sys.argv[1]), int(sys.argv[2])
    for capture in sys.argv[3:]:
        request, first, every = legs(capture, gateway, upstream)
        print(f"{capture.rsplit('/', 1)[-1]}: {len(request)} requests; request path p50 {percentile(request, .5):.3f} "
              f"p90 {percentile(request, .9):.3f} ms; first chunk p50 {percentile(first, .5):.3f} "
              f"p90 {percentile(first, .9):.3f} ms; every chunk p50 {percentile(every, .5):.3f} "
              f"p90 {percentile(every, .9):.3f} ms")


if __name__ == "__main__":
    main()
