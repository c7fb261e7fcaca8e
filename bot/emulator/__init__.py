"""A Bot API emulator: the real aiogram bot talks to it over HTTP, as it would to api.telegram.org.

    async with Emulator(token="123456:TEST", clock=manual_clock) as emu:     # or await emu.start()
        uid = emu.add_user("王小明")                                           # world building: no updates
        emu.create_group(-100123, "科创中心建言群")                             # the bot is an admin there
        bot = emu.make_bot()                                                  # aiogram Bot on base_url
        mid = emu.post(-100123, uid, "#人才 建议……")                          # updates the bot will poll
        await emu.wait_for_call("sendMessage", chat_id=-100123)               # what the bot did, over HTTP
        assert "已记录" in emu.sent(-100123)[-1].text                         # plain text a person reads

It keeps users, groups, members and messages like Telegram, answers every method the bot uses with
Telegram's own error wording, produces the updates Telegram would (``chat_member`` and the service
message on a join, ``callback_query`` on a press, ``my_chat_member`` for the bot), enforces the flood
limits (429 with ``retry_after``) and injects faults (``fail_next``, ``rate_limit_next``,
``delay_next``, ``drop_connection_next``). Time comes from an injected clock (dates) and monotonic
source (rate limits). Tests and ``delibot simulate`` both use it; nothing here needs the network.
"""

from bot.emulator.driver import Emulator
from bot.emulator.ratelimit import RateLimits
from bot.emulator.records import Call, ChatLine, EmulatorError, MemberState, SentMessage, Stats, Upload

__all__ = [
    "Call", "ChatLine", "Emulator", "EmulatorError", "MemberState", "RateLimits", "SentMessage", "Stats",
    "Upload",
]
