#!/usr/bin/env python3
"""The end-to-end encrypted direct chat of docs/screenshot-e2ee.png, played for real (called by
scripts/screenshot --e2ee inside Xvfb and a private D-Bus session, with the demo server up).

    e2ee_scene.py OUTPUT.png

Environment: APP (the estafette binary), REPO, DEMO_PROFILE, DEMO_STATE, DEMO_URL, DEMO_USER, DEMO_PASSWORD;
ESTAFETTE_SCENE_EXTRAS=<folder> also saves there the devices dialog, the session info dialog and the Rooms
menu (where "Enable end-to-end encryption" is greyed: the chat is encrypted already).

1. Estafette signs in as the demo user (new device, keys published).
2. A matrix-nio peer (tests/support/nio_peer.py) signs in as Sophie Bernard, creates an encrypted direct chat
   and invites the demo user; the invitation is accepted over the client-server API by a short-lived second
   login of the demo user (logged out at once, so nothing is ever encrypted for it).
3. Sophie writes (Megolm, shared with Estafette's device). Estafette is restarted from its encrypted store, so
   the chat, now the most recent room, opens with the composer focused; the answer is typed with xdotool and
   Sophie checks that she decrypts it, then answers back.
4. The screen is saved.
Stops everything it started, whatever happens.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(os.environ["REPO"])
APP = os.environ["APP"]
PROFILE = os.environ["DEMO_PROFILE"]
STATE = Path(os.environ["DEMO_STATE"])
BASE = os.environ["DEMO_URL"].rstrip("/")
ME = os.environ["DEMO_USER"]
MY_PASSWORD = os.environ["DEMO_PASSWORD"]
PEER_NAME = "sophie"

FIRST = "Bonjour Marie, je t’envoie le point de situation pour la cellule de crise de demain."
SECOND = "Les chiffres sont confidentiels : merci de ne pas les transférer."
ANSWER = "Merci Sophie, bien reçu. Je le relis ce soir."
LAST = "Parfait, à demain 9 h en salle Vauban."


def log(*args):
    print("[e2ee-scene]", *args, file=sys.stderr, flush=True)


class Peer:
    """tests/support/nio_peer.py over its stdin/stdout protocol, one command at a time."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, str(REPO / "tests/support/nio_peer.py")],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")
        self.next_id = 1

    def __call__(self, cmd, **args):
        rid = self.next_id
        self.next_id += 1
        self.proc.stdin.write(json.dumps({"id": rid, "cmd": cmd, **args}, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit(f"e2ee-scene: the nio peer exited during {cmd}")
            answer = json.loads(line)
            if answer.get("id") == rid:
                if not answer.get("ok"):
                    raise SystemExit(f"e2ee-scene: nio peer {cmd}: {answer.get('error')}")
                return answer

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(json.dumps({"id": 0, "cmd": "quit"}) + "\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=15)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


def api(method, path, token=None, body=None):
    req = urllib.request.Request(BASE + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        if e.code == 404 and method == "GET":
            return {}
        raise SystemExit(f"e2ee-scene: {method} {path} -> HTTP {e.code} {e.read().decode(errors='replace')}")


def accept_as_demo_user(room_id, peer_id):
    """Joins the room and records it as a direct chat with the peer, from a login that is logged out after."""
    login = api("POST", "/_matrix/client/v3/login",
                body={"type": "m.login.password", "identifier": {"type": "m.id.user", "user": ME},
                      "password": MY_PASSWORD, "initial_device_display_name": "demo setup"})
    token = login["access_token"]
    try:
        api("POST", f"/_matrix/client/v3/join/{urllib.parse.quote(room_id)}", token, {})
        path = f"/_matrix/client/v3/user/{urllib.parse.quote(ME)}/account_data/m.direct"
        direct = api("GET", path, token)
        direct.setdefault(peer_id, [])
        if room_id not in direct[peer_id]:
            direct[peer_id].append(room_id)
        api("PUT", path, token, direct)
    finally:
        api("POST", "/_matrix/client/v3/logout", token, {})


def start_app(*extra):
    return subprocess.Popen([APP, "--profile", PROFILE, "--lang", "fr", *extra])


def stop_app(proc):
    if proc and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main_window(proc):
    out = subprocess.run([sys.executable, str(REPO / "scripts/xwindows.py"), "wait", "--name", "Estafette",
                          "--exclude", "Sign in", "--exclude", "Connexion", "--exclude", "connecter",
                          "--pid", str(proc.pid), "--timeout", "90"], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit("e2ee-scene: the signed-in window did not appear")
    win = out.stdout.strip()
    subprocess.run(["xdotool", "windowmove", win, "0", "0", "windowsize", win, "1280", "800"], check=False)
    return win


def wait_for(what, predicate, timeout=60, every=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise SystemExit(f"e2ee-scene: timed out waiting for {what}")


def main():
    out = sys.argv[1]
    demo = json.loads((STATE / "demo.json").read_text())
    peer_id = ME.replace("@marie:", f"@{PEER_NAME}:")
    app = peer = None
    try:
        # 1. Estafette signs in: its device and keys exist before anything is encrypted for Marie.
        app = start_app("--homeserver", BASE, "--user", ME, "--password", MY_PASSWORD)
        main_window(app)
        peer = Peer()
        peer("login", homeserver=BASE, user_id=peer_id, password=demo["passwords"][peer_id],
             device_name="Téléphone de Sophie")
        wait_for("Estafette's device keys", lambda: peer("query_keys", user_id=ME)["devices"])

        # 2. The encrypted direct chat, accepted by Marie.
        room_id = peer("create_room", invite=[ME], direct=True, encrypted=True)["room_id"]
        accept_as_demo_user(room_id, peer_id)
        peer("wait_joined", room_id=room_id, user_id=ME)

        # 3. Sophie writes; Estafette opens again on the chat and answers through its composer.
        peer("send", room_id=room_id, body=FIRST)
        peer("send", room_id=room_id, body=SECOND)
        time.sleep(3)  # Estafette receives and stores them
        stop_app(app)
        app = start_app()
        win = main_window(app)
        time.sleep(4)  # rooms from the store, the chat selected, the composer focused
        subprocess.run(["xdotool", "windowfocus", "--sync", win], check=False, timeout=10)
        subprocess.run(["xdotool", "type", "--delay", "30", ANSWER], check=True)
        subprocess.run(["xdotool", "key", "Return"], check=True)
        peer("wait_decrypted", room_id=room_id, body=ANSWER, sender=ME, timeout_ms=30000)
        time.sleep(1)
        peer("send", room_id=room_id, body=LAST)
        time.sleep(float(os.environ.get("ESTAFETTE_SCREENSHOT_DELAY", "4")))

        # 4. The screen.
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", "root", out], check=True)
        log("screenshot:", out)

        # ESTAFETTE_SCENE_EXTRAS=<folder>: the dialogs too, opened from the keyboard, for a person to check.
        extras = os.environ.get("ESTAFETTE_SCENE_EXTRAS")
        if extras:
            Path(extras).mkdir(parents=True, exist_ok=True)
            for name, keys in (("devices", ["alt+s", "a"]), ("session-info", ["alt+c", "i"]),
                               ("rooms-menu", ["alt+s"])):
                subprocess.run(["xdotool", "windowfocus", "--sync", win], check=False, timeout=10)
                time.sleep(0.5)
                for key in keys:
                    subprocess.run(["xdotool", "key", key], check=True)
                    time.sleep(0.5)
                time.sleep(2)
                subprocess.run(["import", "-window", "root", f"{extras}/{name}.png"], check=True)
                subprocess.run(["xdotool", "key", "Escape"], check=True)
                time.sleep(0.5)
            log("extra screenshots in", extras)
    finally:
        if peer:
            peer.close()
        stop_app(app)


if __name__ == "__main__":
    main()
