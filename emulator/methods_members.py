"""Member management: restrictions, bans, join requests, member info and tags.

Statuses move the way Telegram moves them: a permission missing from a ``permissions`` object counts
as false (so a hand-written partial set restricts), and a restriction that leaves a member no less
than the chat's default permissions (``getChat`` -> ``permissions``) turns them back into a plain
"member"; without ``use_independent_chat_permissions`` the broader sends imply the narrower ones. A
ban is "kicked"; ``unbanChatMember`` with ``only_if_banned`` only frees a kicked user, without it also
removes a present member (so the pruning flow "ban then unban" leaves the user free to come back).
Restrictions shorter than 30 seconds or longer than 366 days count as forever.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from emulator import events
from emulator.methods import Context, Params, group_of, method, need_right, not_admin
from emulator.payloads import member_json
from emulator.records import bad_request
from emulator.state import PERMISSIONS, Chat, Member

RESTRICT_RIGHTS = "not enough rights to restrict/unrestrict chat member"
_SENDS = ("can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos", "can_send_videos",
          "can_send_video_notes", "can_send_voice_notes")


def _until(ctx: Context, p: Params) -> int:
    until = p.int("until_date", 0)
    now = ctx.world.ts()
    return until if 30 <= until - now <= 366 * 86400 else 0


def _permissions(p: Params) -> dict[str, bool]:
    given = p.required("permissions")
    if not isinstance(given, dict):
        raise bad_request("can't parse permissions JSON object")
    perms = {name: bool(given.get(name, False)) for name in PERMISSIONS}
    if not p.flag("use_independent_chat_permissions"):
        # Without independent permissions, the Bot API lets the broader sends imply the narrower ones.
        if perms["can_send_other_messages"] or perms["can_add_web_page_previews"]:
            perms.update(dict.fromkeys(_SENDS, True))
        if perms["can_send_polls"]:
            perms["can_send_messages"] = True
    return perms


def _moderated(ctx: Context, p: Params) -> tuple[Chat, Member]:
    chat = group_of(ctx, p)
    need_right(ctx, chat, "can_restrict_members", RESTRICT_RIGHTS)
    ctx.world.user(p.int("user_id"))
    target = ctx.world.member(chat, p.int("user_id"))
    not_admin(target)
    return chat, target


@method("restrictChatMember")
def restrict_chat_member(ctx: Context, p: Params) -> bool:
    chat, target = _moderated(ctx, p)
    if chat.type != "supergroup":
        raise bad_request("method is available only for supergroups")
    perms, until = _permissions(p), _until(ctx, p)
    if target.status == "kicked":
        return True
    if all(perms[name] or not chat.permissions.get(name, False) for name in PERMISSIONS):
        status = "member" if target.present else "left"
        new = replace(target, status=status, permissions={}, until_date=0, is_member=target.present)
    else:
        new = replace(target, status="restricted", permissions=perms, until_date=until,
                      is_member=target.present)
    events.change_member(ctx.world, chat, new, ctx.world.bot.id)
    return True


@method("setChatPermissions")
def set_chat_permissions(ctx: Context, p: Params) -> bool:
    """New defaults for the chat; members restricted to no less than them count as plain members."""
    chat = group_of(ctx, p)
    need_right(ctx, chat, "can_restrict_members", "not enough rights to change chat permissions")
    chat.permissions = _permissions(p)
    return True


@method("banChatMember")
def ban_chat_member(ctx: Context, p: Params) -> bool:
    chat, target = _moderated(ctx, p)
    banned = Member(target.user_id, "kicked", until_date=_until(ctx, p))
    events.removed(ctx.world, chat, banned, ctx.world.bot.id)
    return True


@method("unbanChatMember")
def unban_chat_member(ctx: Context, p: Params) -> bool:
    chat, target = _moderated(ctx, p)
    free = Member(target.user_id, "left")
    if target.status == "kicked":
        events.change_member(ctx.world, chat, free, ctx.world.bot.id)
    elif not p.flag("only_if_banned") and target.status in {"member", "restricted"}:
        events.removed(ctx.world, chat, free, ctx.world.bot.id)
    return True


@method("getChatMember")
def get_chat_member(ctx: Context, p: Params) -> dict[str, Any]:
    world = ctx.world
    chat = world.chat(p.int("chat_id"))
    user = world.user(p.int("user_id"))
    if chat.is_private:
        if user.id not in {chat.id, world.bot.id}:
            raise bad_request("user not found")
        return member_json(world, Member(user.id, "member"))
    chat = group_of(ctx, p)
    return member_json(world, world.member(chat, user.id))


@method("getChatAdministrators")
def get_chat_administrators(ctx: Context, p: Params) -> list[dict[str, Any]]:
    world = ctx.world
    chat = group_of(ctx, p)
    admins = [world.member(chat, uid) for uid in list(chat.members)]
    return [member_json(world, m) for m in admins if m.is_admin and (
        not world.users[m.user_id].is_bot or m.user_id == world.bot.id or p.flag("return_bots"))]


@method("getChatMemberCount")
def get_chat_member_count(ctx: Context, p: Params) -> int:
    chat = group_of(ctx, p)
    return sum(1 for uid in list(chat.members) if ctx.world.member(chat, uid).present)


def _join_request(ctx: Context, p: Params) -> tuple[Chat, int]:
    chat = group_of(ctx, p)
    need_right(ctx, chat, "can_invite_users", "CHAT_ADMIN_REQUIRED")
    user_id = p.int("user_id")
    if chat.join_requests.pop(user_id, None) is None:
        raise bad_request("HIDE_REQUESTER_MISSING")
    return chat, user_id


@method("approveChatJoinRequest")
def approve_chat_join_request(ctx: Context, p: Params) -> bool:
    chat, user_id = _join_request(ctx, p)
    if not ctx.world.member(chat, user_id).present:
        events.joined(ctx.world, chat, user_id, ctx.world.bot.id, author_id=user_id, via_join_request=True)
    return True


@method("declineChatJoinRequest")
def decline_chat_join_request(ctx: Context, p: Params) -> bool:
    _join_request(ctx, p)
    return True


@method("setChatMemberTag")
def set_chat_member_tag(ctx: Context, p: Params) -> bool:
    chat = group_of(ctx, p)
    need_right(ctx, chat, "can_manage_tags", "not enough rights")
    ctx.world.user(p.int("user_id"))
    target = ctx.world.member(chat, p.int("user_id"))
    not_admin(target)
    if target.status not in {"member", "restricted"}:
        raise bad_request("user not found")
    tag = p.get("tag") or None
    if tag is not None and (len(tag) > 16 or any(ord(c) > 0xFFFF or 0x2600 <= ord(c) <= 0x27BF for c in tag)):
        raise bad_request("TAG_INVALID")
    events.change_member(ctx.world, chat, replace(target, tag=tag), ctx.world.bot.id)
    return True
