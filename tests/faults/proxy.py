"""A TCP proxy on a free loopback port, for a slow or broken network between the workers and a
server: every chunk arrives ``delay_s`` late in each direction (latency, not a throughput cap),
and ``cut()`` aborts every open connection mid-stream, as a dropped link would."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from tests.support.processes import free_port


class LaggyProxy:
    def __init__(self, target_port: int, delay_s: float = 0.0) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.delay_s = delay_s
        self._loop = asyncio.new_event_loop()
        self._links: set[asyncio.StreamWriter] = set()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def url(self, template: str) -> str:
        """``template`` with ``{port}`` filled in, e.g. ``redis://127.0.0.1:{port}/0``."""
        return template.format(port=self.port)

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(timeout=10)

    def cut(self) -> int:
        """Abort every connection open now; returns how many were open."""
        return asyncio.run_coroutine_threadsafe(self._cut(), self._loop).result(timeout=10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
        await self._cut()

    async def _cut(self) -> int:
        links = list(self._links)
        for writer in links:
            writer.transport.abort()
        self._links.clear()
        return len(links) // 2

    async def _accept(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_w.transport.abort()
            return
        self._links.update((client_w, server_w))
        await asyncio.gather(self._pipe(client_r, server_w), self._pipe(server_r, client_w))
        for writer in (client_w, server_w):
            self._links.discard(writer)
            writer.transport.abort()

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        """Read as fast as data comes; hand each chunk on once its delay has passed."""
        chunks: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, data = await chunks.get()
                if not data:
                    break
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                sink.write(data)
                await sink.drain()

        delivering = asyncio.create_task(deliver())
        with suppress(OSError):
            while data := await source.read(65536):
                chunks.put_nowait((time.monotonic() + self.delay_s, data))
        chunks.put_nowait((0.0, b""))
        with suppress(OSError):
            await delivering
        with suppress(OSError):  # the other side may be gone already
            if sink.can_write_eof() and not sink.transport.is_closing():
                sink.write_eof()


@contextmanager
def laggy_proxy(target_port: int, delay_s: float) -> Iterator[LaggyProxy]:
    proxy = LaggyProxy(target_port, delay_s)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
