#!/usr/bin/env python3
"""An independent Matrix client (matrix-nio, with end-to-end encryption) driven over stdin/stdout.

One JSON object per line on stdin: {"id": n, "cmd": "...", ...args}
One JSON object per line on stdout:  {"id": n, "ok": true, ...} or {"id": n, "ok": false, "error": "..."}
Only protocol lines go to stdout; logs go to stderr. Commands run concurrently (a wait does not block a send),
so answers may come out of order: match them by id.

Commands
  login        {homeserver, user_id, password, device_name?}            -> {user_id, device_id}
  create_room  {name?, topic?, invite?: [user_id], direct?: bool, encrypted?: bool}  -> {room_id}
  invite       {room_id, user_id}
  join         {room_id}                                                 -> {room_id}
  leave        {room_id}
  send         {room_id, body, msgtype?, formatted_body?}               -> {event_id}
  send_event   {room_id, type, content}                                  -> {event_id}   (encrypted when the room is)
  send_state   {room_id, type, state_key?, content}                      -> {event_id}
  set_displayname {displayname}
  wait_message {room_id, body, sender?, timeout_ms?}                     -> {event_id, sender, body}
  wait_invite  {room_id?, timeout_ms?}                                   -> {room_id}
  wait_joined  {room_id, user_id?, timeout_ms?}   (user_id joined; default: this peer)
  messages     {room_id}     -> {messages: [{event_id, sender, body, type, msgtype, content, encrypted, decrypted}]}
  events       {room_id}     -> {events: [raw timeline events seen so far, decrypted when possible]}
  rooms        {}            -> {joined: [...], invited: [...]}
  sync         {}            waits for the next completed sync
  query_keys   {user_id, device_id?}  /keys/query as this peer -> {devices: {device_id: {keys, algorithms,
               signature_verified}}}  (the device's self-signature checked by nio's own verify_json)
  claim_keys   {user_id, device_id, count?, until_fallback?}  /keys/claim `count` times (default 1), stopping
               after the first fallback key when until_fallback -> {keys: [{key_id, key, fallback,
               signature_verified}]}  (fewer entries when the server had no key left)
  quit         {}            logs out nothing, closes and exits
"""

import asyncio
import json
import logging
import os
import sys
import tempfile
import time

from nio import (AsyncClient, AsyncClientConfig, InviteMemberEvent, JoinError, LoginResponse, MegolmEvent,
                 RoomCreateResponse, RoomSendResponse, SyncResponse)
from nio.events.room_events import Event as RoomEvent
from nio.responses import ErrorResponse

log = logging.getLogger("nio_peer")


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
        self.seen_ids = set()
        self.invites = set()
        self.sync_count = 0
        self.sync_error = None

    # --- state collected by the background sync ---------------------------------------------------
    async def notify(self):
        async with self.changed:
            self.changed.notify_all()

    async def wait_until(self, predicate, timeout_ms, what):
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
                    await asyncio.wait_for(self.changed.wait(), remaining)
                except asyncio.TimeoutError:
                    pass

    def on_event(self, room, event):
        if not isinstance(event, RoomEvent) or not getattr(event, "event_id", None):
            return
        if event.event_id in self.seen_ids:
            return
        self.seen_ids.add(event.event_id)
        source = dict(event.source)
        encrypted = isinstance(event, MegolmEvent) or bool(getattr(event, "decrypted", False))
        entry = {
            "event_id": event.event_id,
            "sender": event.sender,
            "type": source.get("type"),
            "content": source.get("content", {}),
            "encrypted": encrypted,
            "decrypted": bool(getattr(event, "decrypted", False)),
        }
        if isinstance(event, MegolmEvent):
            entry["type"] = "m.room.encrypted"
        self.events.setdefault(room.room_id, []).append(entry)

    async def on_sync(self, response):
        self.sync_count += 1
        for room_id in response.rooms.invite:
            self.invites.add(room_id)
        for room_id in response.rooms.join:
            self.invites.discard(room_id)
        await self.notify()

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
        self.client.add_event_callback(self.on_event, RoomEvent)
        self.client.add_event_callback(self.on_invite, InviteMemberEvent)
        self.client.add_response_callback(self.on_sync, SyncResponse)
        self.sync_task = asyncio.ensure_future(self.sync_forever())
        await self.wait_until(lambda: self.sync_count > 0, 30000, "first sync")
        return {"user_id": resp.user_id, "device_id": resp.device_id}

    def need_client(self):
        if not self.client or not self.client.access_token:
            raise CommandError("not logged in")
        return self.client

    async def wait_room(self, room_id, timeout_ms=30000):
        c = self.need_client()
        await self.wait_until(lambda: room_id in c.rooms, timeout_ms, f"room {room_id} in sync")
        return c.rooms[room_id]

    async def cmd_create_room(self, a):
        c = self.need_client()
        initial_state = []
        if a.get("encrypted"):
            initial_state.append({"type": "m.room.encryption", "state_key": "",
                                  "content": {"algorithm": "m.megolm.v1.aes-sha2"}})
        kwargs = dict(name=a.get("name"), topic=a.get("topic"), invite=a.get("invite", []),
                      is_direct=bool(a.get("direct", False)), initial_state=initial_state)
        if a.get("direct"):
            from nio import RoomPreset
            kwargs["preset"] = RoomPreset.trusted_private_chat
        resp = check(await c.room_create(**kwargs), "create_room")
        assert isinstance(resp, RoomCreateResponse)
        await self.wait_room(resp.room_id)
        return {"room_id": resp.room_id}

    async def cmd_invite(self, a):
        check(await self.need_client().room_invite(a["room_id"], a["user_id"]), "invite")
        return {}

    async def cmd_join(self, a):
        resp = check(await self.need_client().join(a["room_id"]), "join")
        if isinstance(resp, JoinError):
            raise CommandError(resp.message)
        await self.wait_room(resp.room_id)
        self.invites.discard(resp.room_id)
        return {"room_id": resp.room_id}

    async def cmd_leave(self, a):
        check(await self.need_client().room_leave(a["room_id"]), "leave")
        return {}

    async def send(self, room_id, event_type, content):
        c = self.need_client()
        await self.wait_room(room_id)
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

    async def cmd_send_state(self, a):
        resp = check(await self.need_client().room_put_state(a["room_id"], a["type"], a.get("content", {}),
                                                            state_key=a.get("state_key", "")), "send_state")
        return {"event_id": resp.event_id}

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
            return room is not None and user_id in room.users
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

    async def raw(self, method, path, body):
        c = self.need_client()
        resp = await c.send(method, "/_matrix/client/v3" + path, json.dumps(body),
                            headers={"Authorization": f"Bearer {c.access_token}",
                                     "Content-Type": "application/json"})
        text = await resp.text()
        if resp.status != 200:
            raise CommandError(f"{path} failed: {resp.status} {text}")
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
                if json.loads(line).get("cmd") == "quit":
                    write({"id": json.loads(line).get("id"), "ok": True})
                    break
            except (json.JSONDecodeError, AttributeError):
                pass
            task = asyncio.ensure_future(handle(peer, line))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
    finally:
        for t in list(tasks):
            t.cancel()
        await peer.close()


if __name__ == "__main__":
    asyncio.run(main())
