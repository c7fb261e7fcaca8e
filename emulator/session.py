"""The aiogram session ``Emulator.make_bot`` uses: aiogram's own, minus its pause on close.

``AiohttpSession.close`` waits 250 ms for SSL connections to drain; loopback HTTP to the emulator has
none, and the pause would add up to seconds across a test suite.
"""

from __future__ import annotations

from aiogram.client.session.aiohttp import AiohttpSession


class LoopbackSession(AiohttpSession):
    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
