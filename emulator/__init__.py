"""A Bot API emulator: the real aiogram bot talks to it over HTTP as it would to api.telegram.org.

The emulated surface (keep this list true when a method, update or behaviour is added):

- Methods: getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo, setMyCommands,
  getMyCommands, deleteMyCommands, getChat, leaveChat, sendChatAction, sendMessage, sendPhoto,
  sendDocument, editMessageText, editMessageReplyMarkup, deleteMessage, answerCallbackQuery,
  getChatMember, getChatAdministrators, getChatMemberCount, restrictChatMember, setChatPermissions,
  banChatMember, unbanChatMember, approveChatJoinRequest, declineChatJoinRequest, setChatMemberTag.
  Any other method is 404 "Not Found"; ``surface=MINIMAL_SURFACE`` answers only getMe, getUpdates,
  sendMessage, answerCallbackQuery, editMessageText, editMessageReplyMarkup, deleteMessage,
  setWebhook and deleteWebhook.
- Updates: message, edited_message, callback_query, chat_member, my_chat_member, chat_join_request;
  by long polling (offset confirmation, ``allowed_updates`` remembered) or pushed to a webhook (secret
  header, retries, reply-with-a-method).
- Behaviours reproduced, with Telegram's error texts:
  - HTML parse mode as tdlib parses it (unknown or unclosed tags, a bare ``<``: 400 "can't parse
    entities: ..."; a ``&`` that starts no entity stays literal, as in tdlib); text over 4096 and
    captions over 1024 characters after parsing: "message is too long" / "message caption is too
    long"; empty text: "message text is empty"; "message is not modified"; 64-byte callback data.
  - Private chats: 403 "bot can't initiate conversation with a user" to someone who never pressed
    Start (or wrote to the bot; a fresh join request allows 5 minutes), 403 "bot was blocked by the
    user" after a block.
  - Groups: rights checked (can_restrict_members, can_delete_messages, can_invite_users, ...), 403
    after the bot left or was kicked; each group has default permissions (``getChat``); a
    restriction reads missing permissions as false, applies ``use_independent_chat_permissions``,
    and a member with no less than the defaults is "member" again; timed restrictions and bans
    lapse; privacy mode; join requests.
  - Flood limits (30/s overall, 20/min per group, about 1/s per private chat): 429 with
    ``retry_after``; getUpdates 409 while a webhook is set or when a second poller starts.
  - Faults on demand, per method and optionally per chat, with a count: Telegram's 5xx and 429, slow
    answers, no answer (client timeout), dropped connections, a proxy's HTML 502 page, truncated
    JSON, a connection reset mid-answer; each says whether the call was carried out first.

    async with Emulator(clock=manual_clock) as emu:       # clock: a Clock or a () -> datetime
        uid = emu.add_user("王小明", started=True)          # world building sends no updates
        emu.create_group(-100123, "科创中心建言群")         # the bot is an admin with every right
        bot = emu.make_bot()                              # aiogram Bot on emu.base_url
        async with emu.polling(dispatcher, bot):          # or bot.get_updates(), or setWebhook
            emu.join(-100123, uid)                        # service message + chat_member update
            await emu.wait_for_call("restrictChatMember", user_id=uid)
        assert "改名" in emu.sent(-100123)[-1].text       # the plain text a person reads

Faults come from ``inject`` and its shorthands ``fail_next``, ``rate_limit_next``, ``delay_next``,
``timeout_next``, ``drop_connection_next``, ``proxy_error_next``, ``truncate_next`` and ``reset_next``
(see ``emulator.faults``).
"""

from emulator.driver import Emulator
from emulator.methods import MINIMAL_SURFACE
from emulator.ratelimit import RateLimits
from emulator.records import Call, ChatLine, EmulatorError, MemberState, SentMessage, Stats, Upload

__all__ = [
    "MINIMAL_SURFACE", "Call", "ChatLine", "Emulator", "EmulatorError", "MemberState", "RateLimits",
    "SentMessage", "Stats", "Upload",
]
