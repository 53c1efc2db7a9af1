#!/usr/bin/env python3
"""An independent Matrix client (matrix-nio, with end-to-end encryption) driven over stdin/stdout.

One JSON object per line on stdin: {"id": n, "cmd": "...", ...args}
One JSON object per line on stdout:  {"id": n, "ok": true, ...} or {"id": n, "ok": false, "error": "..."}
Only protocol lines go to stdout; logs go to stderr (NIO_PEER_LOG=INFO or DEBUG for more). Commands run
concurrently (a wait does not block a send), so answers may come out of order: match them by id. `logout` and
`quit` are the exceptions: they run alone and end the process.

Each process is one device: `login` always creates a new device on the server and keeps its nio store (Olm
account, sessions, device list) in a private temporary directory removed at exit. Two processes logging in as
the same user therefore are two devices of that user, with distinct device ids and separate stores.

Commands
  login        {homeserver, user_id, password, device_name?}
               -> {user_id, device_id, curve25519, ed25519}   (answers once the first sync is done and this
               device's keys are uploaded, so other clients can encrypt for it right away)
  create_room  {name?, topic?, invite?: [user_id], direct?: bool, encrypted?: bool}  -> {room_id}
               encrypted: m.room.encryption (m.megolm.v1.aes-sha2) in the initial state; answers once nio
               itself treats the room as encrypted
  invite       {room_id, user_id}
  join         {room_id}                                                 -> {room_id}   (also when the room
               is encrypted: answers once nio treats the joined room as encrypted)
  leave        {room_id}
  send         {room_id, body, msgtype?, formatted_body?}               -> {event_id}
  send_event   {room_id, type, content}                                  -> {event_id}
               Both encrypt when the room is encrypted (the server's m.room.encryption state is checked, so
               the peer never sends plaintext into an encrypted room it has not synced yet). Before each
               encrypted send the peer reloads the joined members (/joined_members) and the invited ones
               (/members?membership=invite) and queries the device keys of every member, so a member or
               device that appeared since the last sync is included. The Megolm session is shared with every
               device of every joined and invited member, this user's other devices included and unverified
               ones too (ignore_unverified_devices: nio marks them "ignored", not verified). A device nio
               cannot open an Olm session with (no one-time or fallback key to claim) is skipped silently.
               nio rotates its outbound session when the member list or a member's devices changed.
               nio sends m.reaction unencrypted even in encrypted rooms.
  send_state   {room_id, type, state_key?, content}                      -> {event_id}
  set_history_visibility {room_id, visibility}                           -> {event_id}
               visibility: world_readable | shared | invited | joined
  get_state    {room_id, type, state_key?}   GET /rooms/{room}/state/{type}/{key} -> {content}
  set_displayname {displayname}
  wait_message {room_id, body, sender?, timeout_ms?}                     -> {event_id, sender, body}
               (plaintext or decrypted m.room.message)
  wait_decrypted {room_id, body, sender?, timeout_ms?}
               -> {event_id, sender, body, session_id, sender_key, verified, content, nio_class, bad}
               Waits for an m.room.message with this body that arrived encrypted (m.room.encrypted, Megolm)
               and was decrypted. Plaintext messages and undecryptable events never satisfy it. An event that
               could not be decrypted when it arrived is retried after every sync once nio holds its session
               (a room key that arrives later, or a forwarded one), so a late key is seen. nio reports the
               sender of the event as the sender: it does not check that the Megolm session belongs to that
               user (it only compares keys for devices the peer has verified), nor the room_id inside the
               plaintext. It does refuse a second event with the same (sender_key, session_id, message
               index): that one stays undecrypted.
  event_info   {room_id, event_id, timeout_ms?}
               -> {event_id, sender, type, encrypted, decrypted, session_id, sender_key, device_id,
                   verified, body?, content, nio_class, bad, redacts?}
               What this peer saw for one timeline event (waits up to timeout_ms, default 30000, for the
               event to arrive). type is the decrypted type when decrypted, else m.room.encrypted;
               session_id, sender_key and device_id come from the encrypted content (also when it could not
               be decrypted); empty for plaintext events. verified: nio's own flag (sent by a device this
               peer verified, or by itself). body only when the (decrypted) content has one. nio_class: the
               class nio parsed it as (RoomMessageImage, RoomEncryptedFile, MegolmEvent, ...); bad: nio could
               not parse it as its type (BadEvent / UnknownBadEvent).
  messages     {room_id}     -> {messages: [{event_id, sender, body, type, msgtype, content, encrypted, decrypted}]}
  events       {room_id}     -> {events: [timeline events seen so far, decrypted when possible: {event_id,
                              sender, type, content, encrypted, decrypted, session_id, sender_key, ...}]}
               An m.room.redaction also has "redacts": the event it deletes (top level before room version
               11, in its content since).
  wait_invite  {room_id?, timeout_ms?}                                   -> {room_id}
  wait_joined  {room_id, user_id?, timeout_ms?}   (user_id joined; default: this peer)
  rooms        {}            -> {joined: [...], invited: [...]}
  sync         {}            waits for the next completed sync
  outbound_session {room_id} -> {session_id, shared, message_index}   the peer's current outbound Megolm
               session for the room (session_id "" when none); message_index is the index the next message
               encrypted with it gets.
  forge_megolm {room_id, type, content, plaintext_room_id?}
               -> {content, session_id, message_index}
               Encrypts {type, content, room_id} with the peer's CURRENT outbound Megolm session of the room
               (which must exist and be shared: send a message first, else an error) and returns the
               m.room.encrypted content {algorithm: m.megolm.v1.aes-sha2, sender_key (this device's
               curve25519), session_id, ciphertext, device_id} without sending anything. plaintext_room_id
               replaces the room_id inside the plaintext (null: leave it out). Each call uses up one
               message index of the session.
  send_raw     {room_id, type, content, txn_id?}                         -> {event_id}
               PUT /rooms/{room}/send/{type}/{txn} with exactly this content, never encrypted by nio. With
               forge_megolm of another peer this makes a user send an event encrypted with someone else's
               Megolm session (a spoofed sender).
  devices      {user_id, refresh?: bool}
               -> {devices: {device_id: {curve25519, ed25519, display_name, verified, ignored, blacklisted}}}
               The devices of user_id in nio's own device store (deleted devices left out), after a fresh
               /keys/query by nio unless refresh is false. Own device not included for the own user.
  trust_device {user_id, device_id}   marks the device verified in nio's store (local trust only)
  request_room_key {room_id, event_id}  -> {session_id}   sends an m.room_key_request for an event this
               peer could not decrypt. nio only accepts the m.forwarded_room_key answer from its own user's
               devices that it trusts (trust_device), and only answers key requests from its own user's
               devices that it trusts; requests from other users are ignored. nio never requests keys by
               itself (except after detecting a wedged Olm session). The answer may take one long-poll
               round (10 s) when the two devices had no Olm session yet.
  query_keys   {user_id, device_id?}  /keys/query as this peer -> {devices: {device_id: {keys, algorithms,
               signature_verified}}}  (the device's self-signature checked by nio's own verify_json)
  claim_keys   {user_id, device_id, count?, until_fallback?}  /keys/claim `count` times (default 1), stopping
               after the first fallback key when until_fallback -> {keys: [{key_id, key, fallback,
               signature_verified}]}  (fewer entries when the server had no key left)
  export_keys  {passphrase}  -> {data}   nio's export of all the Megolm sessions it holds (the spec's
               "MEGOLM SESSION DATA" armored file, encrypted with the passphrase)
  import_keys  {data, passphrase}   imports such a file; undecrypted events are retried at once
  send_file    {room_id, path, msgtype, mimetype, body?, filename?, info?, thumbnail_path?, thumbnail_mimetype?,
                thumbnail_info?, tamper_hash?}   -> {event_id, content}
               Uploads the file (and the thumbnail) and sends an m.room.message naming it. In an encrypted room
               both are encrypted by nio's own attachment code (AES-CTR v2) and named by "file" /
               "info.thumbnail_file"; otherwise by "url" / "info.thumbnail_url". info gets mimetype and size
               (of the plaintext) besides what is given. tamper_hash: the announced SHA-256 of the file's
               ciphertext is altered (one byte) before sending, so a recipient must refuse it.
  download     {mxc, file?, out_path?}   -> {size, sha256 (hex, of what was kept), content_type}
               GET /_matrix/client/v1/media/download/{server}/{id} with the access token. With `file` (an
               EncryptedFile object) nio checks its SHA-256 and decrypts (an error when it does not match).
               The bytes are written to out_path when given.
  logout       {}            POST /logout (the server deletes this device and its keys), answers, exits
  quit         {}            logs out nothing, closes and exits
"""

import asyncio
import hashlib
import io
import json
import logging
import os
import sys
import tempfile
import time
import uuid
from urllib.parse import quote

import unpaddedbase64

from nio import (AsyncClient, AsyncClientConfig, InviteMemberEvent, JoinError, KeysClaimResponse, LoginResponse,
                 MegolmEvent, ReceiptEvent, RoomCreateResponse, RoomSendResponse, SyncResponse, TypingNoticeEvent)
from nio.api import Api
from nio.crypto.attachments import decrypt_attachment
from nio.events.misc import BadEvent, UnknownBadEvent
from nio.events.room_events import Event as RoomEvent
from nio.exceptions import EncryptionError, LocalProtocolError
from nio.responses import ErrorResponse

log = logging.getLogger("nio_peer")

MEGOLM = "m.megolm.v1.aes-sha2"


class CommandError(Exception):
    pass


def check(resp, what):
    if isinstance(resp, ErrorResponse):
        raise CommandError(f"{what} failed: {getattr(resp, 'status_code', '')} {resp.message}".strip())
    return resp


class Peer:
    def __init__(self):
        self.client = None
        self.store_dir = tempfile.TemporaryDirectory(prefix="nio_peer_")
        self.sync_task = None
        self.changed = asyncio.Condition()
        self.events = {}         # room_id -> [event dicts in timeline order]
        self.receipts = {}       # room_id -> [{"user_id", "event_id", "type"}] as received
        self.typing = {}         # room_id -> [user ids typing], the latest m.typing
        self.by_id = {}          # event_id -> the same event dict
        self.undecrypted = {}    # event_id -> (room_id, MegolmEvent) still waiting for its room key
        self.megolm_content = {}  # event_id -> the m.room.encrypted content nio decrypted
        self.invites = set()
        self.sync_count = 0
        self.sync_error = None
        self.logged_out = False

    # --- state collected by the background sync ---------------------------------------------------
    async def notify(self):
        async with self.changed:
            self.changed.notify_all()

    async def wait_until(self, predicate, timeout_ms, what):
        # Woken by every sync, and every 200 ms for state that changes outside a sync (key uploads, queries).
        deadline = time.monotonic() + timeout_ms / 1000.0
        async with self.changed:
            while True:
                result = predicate()
                if result:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise CommandError(f"timeout after {timeout_ms} ms waiting for {what}")
                try:
                    await asyncio.wait_for(self.changed.wait(), min(remaining, 0.2))
                except asyncio.TimeoutError:
                    pass

    @staticmethod
    def describe(event, entry):
        # Fills the encryption fields of an event dict from a nio event (undecrypted or decrypted), and which of
        # nio's event classes it parsed as (e.g. RoomEncryptedImage: nio understood it as an encrypted image).
        source = dict(event.source)
        entry["nio_class"] = type(event).__name__
        if isinstance(event, MegolmEvent):
            entry.update(type="m.room.encrypted", content=source.get("content", {}), encrypted=True,
                         decrypted=False, session_id=event.session_id or "", sender_key=event.sender_key or "",
                         device_id=event.device_id or "", verified=False)
            return
        decrypted = bool(getattr(event, "decrypted", False))
        content = source.get("content", {})
        entry.update(type=source.get("type"), content=content if isinstance(content, dict) else {},
                     decrypted=decrypted, verified=bool(getattr(event, "verified", False)))
        if decrypted:
            entry.update(encrypted=True, session_id=getattr(event, "session_id", "") or "",
                         sender_key=getattr(event, "sender_key", "") or "")
        else:
            # Plaintext, or an m.room.encrypted nio cannot even parse as Megolm (e.g. another algorithm).
            raw = entry["content"]
            encrypted = entry["type"] == "m.room.encrypted"
            entry.update(encrypted=encrypted,
                         session_id=(raw.get("session_id") or "") if encrypted else "",
                         sender_key=(raw.get("sender_key") or "") if encrypted else "",
                         device_id=(raw.get("device_id") or "") if encrypted else "")
        if entry["type"] == "m.room.redaction":
            entry["redacts"] = source.get("redacts") or entry["content"].get("redacts") or ""
        if isinstance(event, (BadEvent, UnknownBadEvent)):
            entry["bad"] = True

    def watch_megolm_decryption(self):
        # A decrypted event does not keep its encrypted content (device_id, algorithm) in nio: note it when
        # nio decrypts, by wrapping this client's Olm machine method.
        olm = self.client.olm
        decrypt = olm.decrypt_megolm_event

        def recording(event, room_id=None):
            result = decrypt(event, room_id)
            if getattr(event, "event_id", None):
                self.megolm_content[event.event_id] = dict(event.source.get("content", {}))
            return result

        olm.decrypt_megolm_event = recording

    def on_event(self, room, event):
        if isinstance(event, UnknownBadEvent):
            event_id, sender = event.source.get("event_id"), event.source.get("sender")
        elif isinstance(event, (RoomEvent, BadEvent)):
            event_id, sender = getattr(event, "event_id", None), getattr(event, "sender", None)
        else:
            return
        if not event_id or event_id in self.by_id:
            return
        entry = {"event_id": event_id, "sender": sender, "session_id": "", "sender_key": "", "device_id": ""}
        self.describe(event, entry)
        if entry["decrypted"] and event_id in self.megolm_content:
            entry["device_id"] = self.megolm_content[event_id].get("device_id") or ""
        if isinstance(event, MegolmEvent):
            event.room_id = room.room_id
            self.undecrypted[event_id] = (room.room_id, event)
        self.by_id[event_id] = entry
        self.events.setdefault(room.room_id, []).append(entry)

    def on_ephemeral(self, room, event):
        # Receipts as received (user, event, type) and the latest typing list, per room.
        if isinstance(event, ReceiptEvent):
            for r in event.receipts:
                self.receipts.setdefault(room.room_id, []).append(
                    {"user_id": r.user_id, "event_id": r.event_id, "type": str(getattr(r.receipt_type, "value", r.receipt_type))})
        elif isinstance(event, TypingNoticeEvent):
            self.typing[room.room_id] = list(event.users)

    def retry_decryption(self):
        # nio decrypts a Megolm event once, when it arrives. Try again for those that failed once the room
        # key (m.room_key, m.forwarded_room_key or an import) is known.
        c = self.client
        if not c or not c.olm:
            return
        for event_id, (room_id, event) in list(self.undecrypted.items()):
            if not c.olm.inbound_group_store.get(room_id, event.sender_key, event.session_id):
                continue
            try:
                decrypted = c.decrypt_event(event)
            except EncryptionError as e:
                log.info("still cannot decrypt %s: %s", event_id, e)
                continue
            del self.undecrypted[event_id]
            if isinstance(decrypted, UnknownBadEvent):
                self.by_id[event_id]["bad"] = True
                continue
            entry = self.by_id[event_id]
            device_id = entry.get("device_id", "")
            self.describe(decrypted, entry)
            entry["device_id"] = device_id or self.megolm_content.get(event_id, {}).get("device_id") or ""
            log.info("decrypted %s after a late room key", event_id)

    async def on_sync(self, response):
        self.sync_count += 1
        for room_id in response.rooms.invite:
            self.invites.add(room_id)
        for room_id in response.rooms.join:
            self.invites.discard(room_id)
        # nio hands queued key requests to its share logic only after a sync that brought something new, so a
        # request that waited for an Olm session stalls until then: hand them over after every sync.
        if self.client.olm:
            await self.client._collect_key_requests()
        self.retry_decryption()
        await self.notify()

    async def on_keys_claimed(self, response):
        # Key requests that waited for an Olm session with the requester can be answered now (the answer is
        # sent by the sync loop's next round).
        if self.client.olm:
            await self.client._collect_key_requests()

    async def on_invite(self, room, event):
        if event.state_key == self.client.user_id and event.membership == "invite":
            self.invites.add(room.room_id)

    async def sync_forever(self):
        while True:
            try:
                await self.client.sync_forever(timeout=10000, full_state=True, loop_sleep_time=20)
            except asyncio.CancelledError:
                raise
            except Exception as e:  # keep syncing through transient errors (e.g. the server restarts)
                self.sync_error = repr(e)
                log.warning("sync error: %r; retrying", e)
                await asyncio.sleep(0.5)

    # --- commands ---------------------------------------------------------------------------------------
    async def cmd_login(self, a):
        if self.client:
            raise CommandError("already logged in")
        config = AsyncClientConfig(store_sync_tokens=True, encryption_enabled=True, max_timeouts=None,
                                   request_timeout=60)
        store = os.path.join(self.store_dir.name, "store")
        os.makedirs(store, exist_ok=True)
        self.client = AsyncClient(a["homeserver"], a["user_id"], store_path=store, config=config)
        resp = check(await self.client.login(a["password"], device_name=a.get("device_name", "nio-peer")), "login")
        assert isinstance(resp, LoginResponse)
        if self.client.olm:
            self.watch_megolm_decryption()
        self.client.add_event_callback(self.on_event, (RoomEvent, BadEvent, UnknownBadEvent))
        self.client.add_event_callback(self.on_invite, InviteMemberEvent)
        self.client.add_ephemeral_callback(self.on_ephemeral, (ReceiptEvent, TypingNoticeEvent))
        self.client.add_response_callback(self.on_sync, SyncResponse)
        self.client.add_response_callback(self.on_keys_claimed, KeysClaimResponse)
        self.sync_task = asyncio.ensure_future(self.sync_forever())
        await self.wait_until(lambda: self.sync_count > 0, 30000, "first sync")
        c = self.client
        await self.wait_until(lambda: c.olm is not None and c.olm.account.shared, 30000, "device keys upload")
        keys = c.olm.account.identity_keys
        return {"user_id": resp.user_id, "device_id": resp.device_id, "curve25519": keys["curve25519"],
                "ed25519": keys["ed25519"]}

    def need_client(self):
        if not self.client or not self.client.access_token:
            raise CommandError("not logged in")
        return self.client

    def need_olm(self):
        c = self.need_client()
        if not c.olm:
            raise CommandError("encryption is not loaded")
        return c.olm

    async def wait_room(self, room_id, timeout_ms=30000):
        c = self.need_client()
        await self.wait_until(lambda: room_id in c.rooms, timeout_ms, f"room {room_id} in sync")
        return c.rooms[room_id]

    async def wait_encrypted(self, room_id, timeout_ms=30000):
        room = await self.wait_room(room_id, timeout_ms)
        await self.wait_until(lambda: room.encrypted, timeout_ms, f"nio to see {room_id} as encrypted")
        return room

    async def server_says_encrypted(self, room_id):
        try:
            content = await self.raw("GET", f"/rooms/{quote(room_id, safe='')}/state/m.room.encryption/")
        except CommandError:
            return False  # 404: no m.room.encryption state
        return bool(content.get("algorithm"))

    async def cmd_create_room(self, a):
        c = self.need_client()
        initial_state = []
        if a.get("encrypted"):
            initial_state.append({"type": "m.room.encryption", "state_key": "", "content": {"algorithm": MEGOLM}})
        kwargs = dict(name=a.get("name"), topic=a.get("topic"), invite=a.get("invite", []),
                      is_direct=bool(a.get("direct", False)), initial_state=initial_state)
        if a.get("direct"):
            from nio import RoomPreset
            kwargs["preset"] = RoomPreset.trusted_private_chat
        resp = check(await c.room_create(**kwargs), "create_room")
        assert isinstance(resp, RoomCreateResponse)
        if a.get("encrypted"):
            await self.wait_encrypted(resp.room_id)
        else:
            await self.wait_room(resp.room_id)
        return {"room_id": resp.room_id}

    async def cmd_invite(self, a):
        check(await self.need_client().room_invite(a["room_id"], a["user_id"]), "invite")
        return {}

    async def cmd_join(self, a):
        c = self.need_client()
        resp = check(await c.join(a["room_id"]), "join")
        if isinstance(resp, JoinError):
            raise CommandError(resp.message)
        await self.wait_room(resp.room_id)
        if await self.server_says_encrypted(resp.room_id):
            await self.wait_encrypted(resp.room_id)
        self.invites.discard(resp.room_id)
        return {"room_id": resp.room_id}

    async def cmd_leave(self, a):
        check(await self.need_client().room_leave(a["room_id"]), "leave")
        return {}

    async def query_keys_now(self, users=()):
        # /keys/query by nio itself (fills its device store) for `users` plus whoever nio already wanted.
        c = self.need_client()
        olm = self.need_olm()
        olm.users_for_key_query.update(users)
        for _ in range(3):
            if not c.should_query_keys:
                return
            try:
                check(await c.keys_query(), "keys_query")
            except LocalProtocolError:  # nothing left to query: a concurrent query took it
                return

    async def prepare_encrypted_send(self, room_id):
        c = self.need_client()
        room = c.rooms[room_id]
        # Members who joined since the last sync (or all of them, when the sync was lazy) ...
        check(await c.joined_members(room_id), "joined_members")
        # ... members invited since (nio shares its session with invited members too; the sync would add them
        # the same way, a new member making nio rotate its outbound session) ...
        data = await self.raw("GET", f"/rooms/{quote(room_id, safe='')}/members?membership=invite")
        for member in data.get("chunk", []):
            user_id, content = member.get("state_key"), member.get("content", {})
            if user_id and content.get("membership") == "invite" and user_id not in room.users:
                room.add_member(user_id, content.get("displayname"), content.get("avatar_url"), invited=True)
                c.invalidate_outbound_session(room_id)
        # ... and the current devices of every member, joined and invited: a device added since the last
        # key query is then known, and a changed device list makes nio rotate its outbound session.
        await self.query_keys_now(set(room.users))

    async def send(self, room_id, event_type, content):
        c = self.need_client()
        room = await self.wait_room(room_id)
        if not room.encrypted and await self.server_says_encrypted(room_id):
            room = await self.wait_encrypted(room_id)
        if room.encrypted:
            await self.prepare_encrypted_send(room_id)
        resp = check(await c.room_send(room_id, event_type, content, ignore_unverified_devices=True), "send")
        assert isinstance(resp, RoomSendResponse)
        return {"event_id": resp.event_id}

    async def cmd_send(self, a):
        content = {"msgtype": a.get("msgtype", "m.text"), "body": a["body"]}
        if a.get("formatted_body"):
            content["format"] = "org.matrix.custom.html"
            content["formatted_body"] = a["formatted_body"]
        return await self.send(a["room_id"], "m.room.message", content)

    async def cmd_send_event(self, a):
        return await self.send(a["room_id"], a["type"], a.get("content", {}))

    async def cmd_redact(self, a):
        resp = check(await self.need_client().room_redact(a["room_id"], a["event_id"], reason=a.get("reason")),
                     "redact")
        return {"event_id": resp.event_id}

    async def cmd_set_typing(self, a):
        check(await self.need_client().room_typing(a["room_id"], bool(a.get("typing", True)),
                                                   a.get("timeout_ms", 30000)), "set_typing")
        return {}

    async def cmd_read_markers(self, a):
        check(await self.need_client().room_read_markers(a["room_id"], a["event_id"], read_event=a["event_id"]),
              "read_markers")
        return {}

    async def cmd_ephemeral(self, a):
        return {"receipts": self.receipts.get(a["room_id"], []), "typing": self.typing.get(a["room_id"], [])}

    async def cmd_send_state(self, a):
        resp = check(await self.need_client().room_put_state(a["room_id"], a["type"], a.get("content", {}),
                                                            state_key=a.get("state_key", "")), "send_state")
        return {"event_id": resp.event_id}

    async def cmd_set_history_visibility(self, a):
        return await self.cmd_send_state({"room_id": a["room_id"], "type": "m.room.history_visibility",
                                          "content": {"history_visibility": a["visibility"]}})

    async def cmd_get_state(self, a):
        path = f"/rooms/{quote(a['room_id'], safe='')}/state/{quote(a['type'], safe='')}/" \
               f"{quote(a.get('state_key', ''), safe='')}"
        return {"content": await self.raw("GET", path)}

    async def cmd_send_raw(self, a):
        txn = a.get("txn_id") or f"nio_peer_raw_{uuid.uuid4().hex}"
        path = f"/rooms/{quote(a['room_id'], safe='')}/send/{quote(a['type'], safe='')}/{quote(txn, safe='')}"
        data = await self.raw("PUT", path, a.get("content", {}))
        return {"event_id": data.get("event_id")}

    async def cmd_set_displayname(self, a):
        check(await self.need_client().set_displayname(a["displayname"]), "set_displayname")
        return {}

    def messages_of(self, room_id):
        out = []
        for e in self.events.get(room_id, []):
            if e["type"] not in ("m.room.message", "m.room.encrypted"):
                continue
            content = e["content"]
            out.append({"event_id": e["event_id"], "sender": e["sender"], "body": content.get("body"),
                        "type": e["type"], "msgtype": content.get("msgtype"), "content": content,
                        "encrypted": e["encrypted"], "decrypted": e["decrypted"]})
        return out

    async def cmd_wait_message(self, a):
        room_id, body, sender = a["room_id"], a["body"], a.get("sender") or None

        def found():
            for m in self.messages_of(room_id):
                if m["body"] == body and (sender is None or m["sender"] == sender):
                    return m
            return None

        m = await self.wait_until(found, a.get("timeout_ms", 30000), f"message {body!r} in {room_id}")
        return {"event_id": m["event_id"], "sender": m["sender"], "body": m["body"]}

    async def cmd_wait_decrypted(self, a):
        room_id, body, sender = a["room_id"], a["body"], a.get("sender") or None
        self.need_client()

        def found():
            for e in self.events.get(room_id, []):
                if (e["type"] == "m.room.message" and e["encrypted"] and e["decrypted"]
                        and e["content"].get("body") == body and (sender is None or e["sender"] == sender)):
                    return e
            return None

        e = await self.wait_until(found, a.get("timeout_ms", 30000), f"decrypted message {body!r} in {room_id}")
        return {"event_id": e["event_id"], "sender": e["sender"], "body": e["content"].get("body"),
                "session_id": e["session_id"], "sender_key": e["sender_key"], "verified": e["verified"],
                "content": e["content"], "nio_class": e.get("nio_class", ""), "bad": bool(e.get("bad"))}

    async def cmd_event_info(self, a):
        room_id, event_id = a["room_id"], a["event_id"]
        self.need_client()

        def seen():
            e = self.by_id.get(event_id)
            return e if e is not None and any(x is e for x in self.events.get(room_id, [])) else None

        e = await self.wait_until(seen, a.get("timeout_ms", 30000), f"event {event_id} in {room_id}")
        info = {k: e.get(k) for k in ("event_id", "sender", "type", "encrypted", "decrypted", "session_id",
                                      "sender_key", "device_id", "verified", "content", "nio_class")}
        info["bad"] = bool(e.get("bad"))
        if "redacts" in e:
            info["redacts"] = e["redacts"]
        if isinstance(e["content"].get("body"), str):
            info["body"] = e["content"]["body"]
        return info

    async def cmd_wait_invite(self, a):
        room_id = a.get("room_id")

        def found():
            if room_id:
                return room_id if room_id in self.invites or room_id in self.client.invited_rooms else None
            return next(iter(sorted(self.invites)), None)

        self.need_client()
        got = await self.wait_until(found, a.get("timeout_ms", 30000), f"invite to {room_id or 'any room'}")
        return {"room_id": got}

    async def cmd_wait_joined(self, a):
        c = self.need_client()
        user_id = a.get("user_id") or c.user_id
        room_id = a["room_id"]

        def joined():
            room = c.rooms.get(room_id)
            return room is not None and user_id in room.users and not room.users[user_id].invited
        await self.wait_until(joined, a.get("timeout_ms", 30000), f"{user_id} joined in {room_id}")
        return {}

    async def cmd_messages(self, a):
        return {"messages": self.messages_of(a["room_id"])}

    async def cmd_events(self, a):
        return {"events": list(self.events.get(a["room_id"], []))}

    async def cmd_rooms(self, a):
        c = self.need_client()
        return {"joined": sorted(c.rooms.keys()), "invited": sorted(set(c.invited_rooms.keys()) | self.invites)}

    async def cmd_sync(self, a):
        start = self.sync_count
        await self.wait_until(lambda: self.sync_count > start, a.get("timeout_ms", 30000), "next sync")
        return {}

    # --- Megolm sessions and devices -----------------------------------------------------------------
    async def cmd_outbound_session(self, a):
        session = self.need_olm().outbound_group_sessions.get(a["room_id"])
        if session is None:
            return {"session_id": "", "shared": False, "message_index": 0}
        return {"session_id": session.id, "shared": bool(session.shared), "message_index": session.message_index}

    async def cmd_forge_megolm(self, a):
        c = self.need_client()
        olm = self.need_olm()
        room_id = a["room_id"]
        session = olm.outbound_group_sessions.get(room_id)
        if session is None or not session.shared:
            raise CommandError(f"no shared outbound Megolm session for {room_id}: send a message in the room "
                               "first")
        if session.expired:
            raise CommandError(f"the outbound Megolm session for {room_id} has expired: send a message first")
        plaintext = {"type": a["type"], "content": a.get("content", {})}
        plaintext_room_id = a["plaintext_room_id"] if "plaintext_room_id" in a else room_id
        if plaintext_room_id is not None:
            plaintext["room_id"] = plaintext_room_id
        index = session.message_index
        ciphertext = session.encrypt(Api.to_json(plaintext))
        content = {"algorithm": MEGOLM, "sender_key": olm.account.identity_keys["curve25519"],
                   "session_id": session.id, "ciphertext": ciphertext, "device_id": c.device_id}
        return {"content": content, "session_id": session.id, "message_index": index}

    async def cmd_devices(self, a):
        user_id = a["user_id"]
        olm = self.need_olm()
        if a.get("refresh", True):
            await self.query_keys_now({user_id})
        devices = {}
        for device in olm.device_store.active_user_devices(user_id):
            devices[device.id] = {"curve25519": device.curve25519, "ed25519": device.ed25519,
                                  "display_name": device.display_name or "",
                                  "verified": bool(olm.is_device_verified(device)),
                                  "ignored": bool(olm.is_device_ignored(device)),
                                  "blacklisted": bool(olm.is_device_blacklisted(device))}
        return {"devices": devices}

    async def cmd_trust_device(self, a):
        c = self.need_client()
        olm = self.need_olm()
        user_id, device_id = a["user_id"], a["device_id"]
        if device_id not in olm.device_store[user_id]:
            await self.query_keys_now({user_id})
        try:
            device = olm.device_store[user_id][device_id]
        except KeyError:
            raise CommandError(f"unknown device {user_id} {device_id}")
        c.verify_device(device)
        return {}

    async def cmd_request_room_key(self, a):
        c = self.need_client()
        pending = self.undecrypted.get(a["event_id"])
        if pending is None or pending[0] != a["room_id"]:
            raise CommandError(f"no undecrypted event {a['event_id']} in {a['room_id']}")
        event = pending[1]
        try:
            check(await c.request_room_key(event), "request_room_key")
        except LocalProtocolError as e:  # already requested
            raise CommandError(str(e))
        return {"session_id": event.session_id}

    async def cmd_export_keys(self, a):
        c = self.need_client()
        self.need_olm()
        path = os.path.join(self.store_dir.name, f"export_{uuid.uuid4().hex}.txt")
        try:
            await c.export_keys(path, a["passphrase"])
            with open(path, encoding="utf-8") as f:
                return {"data": f.read()}
        finally:
            if os.path.exists(path):
                os.remove(path)

    async def cmd_import_keys(self, a):
        c = self.need_client()
        self.need_olm()
        path = os.path.join(self.store_dir.name, f"import_{uuid.uuid4().hex}.txt")
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(a["data"])
            try:
                await c.import_keys(path, a["passphrase"])
            except EncryptionError as e:
                raise CommandError(f"import_keys failed: {e}")
        finally:
            if os.path.exists(path):
                os.remove(path)
        self.retry_decryption()
        await self.notify()
        return {}

    async def cmd_logout(self, a):
        c = self.need_client()
        if self.sync_task:
            self.sync_task.cancel()
            try:
                await self.sync_task
            except (asyncio.CancelledError, Exception):
                pass
            self.sync_task = None
        resp = await c.logout()
        if isinstance(resp, ErrorResponse):
            self.sync_task = asyncio.ensure_future(self.sync_forever())
            check(resp, "logout")
        self.logged_out = True
        return {}

    # --- media ----------------------------------------------------------------------------------------------
    async def upload_bytes(self, data, mimetype, filename, encrypt):
        c = self.need_client()
        resp, keys = await c.upload(io.BytesIO(data), content_type=mimetype, filename=filename, encrypt=encrypt,
                                    filesize=len(data))
        uri = getattr(resp, "content_uri", None)
        if not uri:
            raise CommandError(f"upload failed: {resp}")
        if not encrypt:
            return {"url": uri}
        keys = dict(keys)
        keys["url"] = uri
        return {"file": keys}

    async def cmd_send_file(self, a):
        room_id = a["room_id"]
        room = await self.wait_room(room_id)
        encrypted = room.encrypted or await self.server_says_encrypted(room_id)
        with open(a["path"], "rb") as f:
            data = f.read()
        filename = a.get("filename") or os.path.basename(a["path"])
        content = {"msgtype": a["msgtype"], "body": a.get("body") or filename}
        if a.get("body") and a.get("filename"):
            content["filename"] = filename
        info = dict(a.get("info", {}))
        info["mimetype"] = a["mimetype"]
        info["size"] = len(data)
        content.update(await self.upload_bytes(data, a["mimetype"], filename, encrypted))
        if a.get("thumbnail_path"):
            with open(a["thumbnail_path"], "rb") as f:
                thumb = f.read()
            mimetype = a.get("thumbnail_mimetype", "image/jpeg")
            uploaded = await self.upload_bytes(thumb, mimetype, "thumbnail", encrypted)
            if encrypted:
                info["thumbnail_file"] = uploaded["file"]
            else:
                info["thumbnail_url"] = uploaded["url"]
            info["thumbnail_info"] = {"mimetype": mimetype, "size": len(thumb), **a.get("thumbnail_info", {})}
        content["info"] = info
        if a.get("tamper_hash"):
            if "file" not in content:
                raise CommandError("tamper_hash needs an encrypted room")
            digest = bytearray(unpaddedbase64.decode_base64(content["file"]["hashes"]["sha256"]))
            digest[0] ^= 0x01
            content["file"]["hashes"]["sha256"] = unpaddedbase64.encode_base64(bytes(digest))
        sent = await self.send(room_id, "m.room.message", content)
        return {**sent, "content": content}

    async def cmd_download(self, a):
        c = self.need_client()
        mxc = a["mxc"]
        if not mxc.startswith("mxc://") or mxc.count("/") != 3:
            raise CommandError(f"not an mxc URI: {mxc}")
        server, media_id = mxc[len("mxc://"):].split("/", 1)
        path = f"/_matrix/client/v1/media/download/{quote(server, safe='')}/{quote(media_id, safe='')}"
        resp = await c.send("GET", path, None, headers={"Authorization": f"Bearer {c.access_token}"})
        body = await resp.read()
        if resp.status != 200:
            raise CommandError(f"GET {path} failed: {resp.status} {body[:200]!r}")
        content_type = resp.headers.get("Content-Type", "")
        if a.get("file"):
            f = a["file"]
            try:
                body = decrypt_attachment(body, f["key"]["k"], f["hashes"]["sha256"], f["iv"])
            except EncryptionError as e:
                raise CommandError(f"decryption refused: {e}")
        if a.get("out_path"):
            with open(a["out_path"], "wb") as out:
                out.write(body)
        return {"size": len(body), "sha256": hashlib.sha256(body).hexdigest(), "content_type": content_type}

    # --- raw client-server API -------------------------------------------------------------------------
    async def raw(self, method, path, body=None):
        c = self.need_client()
        headers = {"Authorization": f"Bearer {c.access_token}"}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body)
        resp = await c.send(method, "/_matrix/client/v3" + path, data, headers=headers)
        text = await resp.text()
        if resp.status != 200:
            raise CommandError(f"{method} {path} failed: {resp.status} {text}")
        return json.loads(text)

    def verify(self, obj, ed25519, user_id, device_id):
        return bool(ed25519) and bool(self.need_client().olm.verify_json(json.loads(json.dumps(obj)), ed25519,
                                                                          user_id, device_id))

    async def cmd_query_keys(self, a):
        user_id = a["user_id"]
        data = await self.raw("POST", "/keys/query", {"device_keys": {user_id: []}})
        devices = {}
        for device_id, keys in data.get("device_keys", {}).get(user_id, {}).items():
            if a.get("device_id") and device_id != a["device_id"]:
                continue
            ed25519 = keys.get("keys", {}).get(f"ed25519:{device_id}", "")
            devices[device_id] = {
                "keys": keys.get("keys", {}),
                "algorithms": keys.get("algorithms", []),
                "user_id": keys.get("user_id"),
                "device_id": keys.get("device_id"),
                "signature_verified": keys.get("device_id") == device_id and keys.get("user_id") == user_id
                and self.verify(keys, ed25519, user_id, device_id),
            }
        return {"devices": devices}

    async def cmd_claim_keys(self, a):
        user_id, device_id = a["user_id"], a["device_id"]
        devices = (await self.cmd_query_keys({"user_id": user_id, "device_id": device_id}))["devices"]
        ed25519 = devices.get(device_id, {}).get("keys", {}).get(f"ed25519:{device_id}", "")
        claimed = []
        for _ in range(int(a.get("count", 1))):
            data = await self.raw("POST", "/keys/claim",
                                  {"one_time_keys": {user_id: {device_id: "signed_curve25519"}}})
            keys = data.get("one_time_keys", {}).get(user_id, {}).get(device_id, {})
            if not keys:
                break
            for key_id, key in keys.items():
                claimed.append({"key_id": key_id, "key": key.get("key"), "fallback": bool(key.get("fallback")),
                                "signature_verified": self.verify(key, ed25519, user_id, device_id)})
            if a.get("until_fallback") and claimed and claimed[-1]["fallback"]:
                break
        return {"keys": claimed}

    async def close(self):
        if self.sync_task:
            self.sync_task.cancel()
            try:
                await self.sync_task
            except (asyncio.CancelledError, Exception):
                pass
        if self.client:
            await self.client.close()
        self.store_dir.cleanup()


def write(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


async def handle(peer, line):
    try:
        request = json.loads(line)
    except json.JSONDecodeError as e:
        write({"id": None, "ok": False, "error": f"bad JSON: {e}"})
        return
    rid = request.get("id")
    cmd = request.get("cmd", "")
    handler = getattr(peer, f"cmd_{cmd}", None)
    if handler is None:
        write({"id": rid, "ok": False, "error": f"unknown command {cmd!r}"})
        return
    try:
        result = await handler(request)
        write({"id": rid, "ok": True, **result})
    except CommandError as e:
        write({"id": rid, "ok": False, "error": str(e)})
    except Exception as e:  # report, keep serving
        log.exception("command %s failed", cmd)
        write({"id": rid, "ok": False, "error": f"{type(e).__name__}: {e}"})


async def main():
    logging.basicConfig(stream=sys.stderr, level=os.environ.get("NIO_PEER_LOG", "WARNING"),
                        format="[nio_peer %(levelname)s] %(message)s")
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=16 * 1024 * 1024)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    peer = Peer()
    tasks = set()
    try:
        while True:
            line = await reader.readline()
            if not line:
                break  # stdin closed: the driving test is gone
            line = line.decode("utf-8").strip()
            if not line:
                continue
            try:
                cmd = json.loads(line).get("cmd")
            except (json.JSONDecodeError, AttributeError):
                cmd = None
            if cmd == "quit":
                write({"id": json.loads(line).get("id"), "ok": True})
                break
            if cmd == "logout":
                await handle(peer, line)  # answers first; exits only when the server logged the device out
                if peer.logged_out:
                    break
                continue
            task = asyncio.ensure_future(handle(peer, line))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
    finally:
        for t in list(tasks):
            t.cancel()
        await peer.close()


if __name__ == "__main__":
    asyncio.run(main())
