#!/usr/bin/env python3
"""The file-sharing screenshots of docs/, played for real in the app (called by scripts/screenshot --media inside
Xvfb and a private D-Bus session, with the demo server up and seeded: a photo, a PDF and a video in
"Projet Estafette").

    media_scene.py OUTPUT_DIR

Environment: APP, REPO, DEMO_PROFILE, DEMO_URL, DEMO_USER, DEMO_PASSWORD.

The app talks to the demo server through a small local proxy that slows uploads down (about 4 MB/s), so that
an upload is still in progress when the screen is saved; everything else passes at full speed.
1. screenshot-media.png: the room with the photo's thumbnail, the PDF's card, the video's poster and a 40 MB
   file being uploaded (attached with the attach button and the file dialog, sent with Enter).
2. screenshot-viewer.png: the photo opened in the image viewer (a click on its thumbnail).
3. screenshot-video.png: the video playing in the player (a click on its poster).
(screenshot-media-sent.png, the room once the upload ended, is kept for checking, not for docs/.)
Stops everything it started, whatever happens.
"""

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

APP = os.environ["APP"]
PROFILE = os.environ["DEMO_PROFILE"]
UPSTREAM = urllib.parse.urlsplit(os.environ["DEMO_URL"])
UPLOAD_RATE = 4 * 1024 * 1024  # bytes per second from the app to the server


def log(*args):
    print("[media_scene]", *args, file=sys.stderr, flush=True)


def run_proxy(ready, port_box):
    async def pipe(reader, writer, rate):
        try:
            while True:
                chunk = await reader.read(64 * 1024)
                if not chunk:
                    break
                writer.write(chunk)
                await writer.drain()
                if rate:
                    await asyncio.sleep(len(chunk) / rate)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def handle(client_reader, client_writer):
        try:
            up_reader, up_writer = await asyncio.open_connection(UPSTREAM.hostname, UPSTREAM.port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, up_writer, UPLOAD_RATE), pipe(up_reader, client_writer, 0))

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port_box.append(server.sockets[0].getsockname()[1])
        ready.set()
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def xdo(*args, check=True):
    return subprocess.run(["xdotool", *args], check=check, timeout=20, capture_output=True, text=True).stdout


def shoot(path):
    subprocess.run(["import", "-window", "root", str(path)], check=True)
    log("saved", path)


def wait_window(name, proc, timeout=60, exclude=()):
    args = [sys.executable, str(Path(os.environ["REPO"]) / "scripts" / "xwindows.py"), "wait", "--name", name,
            "--pid", str(proc.pid), "--timeout", str(timeout)]
    for e in exclude:
        args += ["--exclude", e]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    ready, port_box = threading.Event(), []
    threading.Thread(target=run_proxy, args=(ready, port_box), daemon=True).start()
    ready.wait(10)
    url = f"http://127.0.0.1:{port_box[0]}"
    big = Path(tempfile.mkdtemp()) / "Rapport annuel 2026.pdf"
    with open(big, "wb") as f:
        f.write(b"%PDF-1.4\n")
        f.write(os.urandom(40 * 1024 * 1024))
    proc = subprocess.Popen([APP, "--profile", PROFILE, "--homeserver", url, "--user", os.environ["DEMO_USER"],
                             "--password", os.environ["DEMO_PASSWORD"], "--lang", "fr"])
    try:
        win = wait_window("Estafette", proc, 90, ("Sign in", "Connexion", "connecter"))
        xdo("windowmove", win, "0", "0", "windowsize", win, "1280", "800", check=False)
        time.sleep(8)  # synced, thumbnails downloaded and decoded
        # 1. An upload in progress: the attach button, the file dialog, Enter.
        xdo("mousemove", "325", "755", "click", "1")
        time.sleep(2)
        xdo("type", "--delay", "10", str(big))
        xdo("key", "Return")
        time.sleep(2)
        xdo("mousemove", "800", "755", "click", "1")
        xdo("key", "Return")
        time.sleep(5)  # staged, then uploading at UPLOAD_RATE (about 10 s for 40 MB)
        shoot(out / "screenshot-media.png")
        # 2. The photo in the viewer: a click on its thumbnail (the upload has ended by then; rows keep their place).
        time.sleep(12)
        shoot(out / "screenshot-media-sent.png")
        xdo("mousemove", "480", "225", "click", "1")
        time.sleep(4)
        shoot(out / "screenshot-viewer.png")
        # No window manager gives the viewer the keyboard under Xvfb: its Close button, not Escape.
        xdo("mousemove", "1061", "702", "click", "1")
        time.sleep(2)
        # 3. The video playing: a click on its poster.
        xdo("mousemove", "480", "547", "click", "1")
        time.sleep(8)  # downloaded into the encrypted cache, then the player opens and plays (a 20 s clip)
        shoot(out / "screenshot-video.png")
        return 0
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main())
