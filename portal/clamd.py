"""A small clamd client: the INSTREAM command over TCP (https://docs.clamav.net/manual/Usage/Scanning.html).

zINSTREAM\0, then chunks each prefixed by their length (4 bytes, network order), then a zero-length chunk;
clamd answers "stream: OK", "stream: <signature> FOUND" or "... ERROR" (e.g. the size limit), ending in \0.
"""

import socket
import struct

CHUNK_SIZE = 64 * 1024


class ClamdError(Exception):
    """clamd could not be reached or did not give a verdict (the caller retries later)."""


def scan_stream(chunks, *, host, port, timeout=60) -> str | None:
    """Send the byte chunks to clamd; return None when clean, else the signature name found.

    Raises ClamdError (a subclass of Exception, not of OSError) when there is no verdict.
    """
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            for chunk in chunks:
                for start in range(0, len(chunk), CHUNK_SIZE):
                    part = chunk[start : start + CHUNK_SIZE]
                    sock.sendall(struct.pack("!L", len(part)) + part)
            sock.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                data = sock.recv(4096)
                if not data:
                    break
                answer += data
    except OSError as error:
        raise ClamdError(f"clamd at {host}:{port}: {error}") from error
    reply = answer.rstrip(b"\0").decode("utf-8", "replace").strip()
    if reply.endswith("OK") and "FOUND" not in reply:
        return None
    if reply.endswith("FOUND"):
        verdict = reply.split(":", 1)[-1].strip()
        return verdict.removesuffix("FOUND").strip() or "unknown"
    raise ClamdError(f"clamd gave no verdict: {reply[:200]!r}")


def scan_file(field_file, *, host, port, timeout=60) -> str | None:
    """Stream a stored file (local or S3) to clamd without reading it whole into memory."""
    with field_file.open("rb") as handle:
        return scan_stream(iter(lambda: handle.read(CHUNK_SIZE), b""), host=host, port=port, timeout=timeout)
