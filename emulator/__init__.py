"""A Bot API emulator: the real aiogram bot talks to it over HTTP as it would to api.telegram.org.

    async with Emulator(clock=manual_clock) as emu:       # clock: a Clock or a () -> datetime
        uid = emu.add_user("王小明")                       # world building sends no updates
        emu.create_group(-100123, "科创中心建言群")         # the bot is an admin with every right
        bot = emu.make_bot()                              # aiogram Bot on emu.base_url
        async with emu.polling(dispatcher, bot):          # or bot.get_updates(), or setWebhook
            emu.join(-100123, uid)                        # service message + chat_member update
            await emu.wait_for_call("restrictChatMember", user_id=uid)
        assert "改名" in emu.sent(-100123)[-1].text       # the plain text a person reads

Users, groups, members and messages are kept as Telegram keeps them; methods answer with Telegram's
own errors; flood limits answer 429 with retry_after (``monotonic`` is injectable); faults come from
``fail_next``, ``rate_limit_next``, ``delay_next`` and ``drop_connection_next``.
"""

from emulator.driver import Emulator
from emulator.ratelimit import RateLimits
from emulator.records import Call, ChatLine, EmulatorError, MemberState, SentMessage, Stats, Upload

__all__ = [
    "Call", "ChatLine", "Emulator", "EmulatorError", "MemberState", "RateLimits", "SentMessage", "Stats",
    "Upload",
]
