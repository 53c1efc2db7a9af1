#!/usr/bin/env python3
"""Seeds a demo Synapse (started by synapse_harness.py) with French demo content for Estafette.

    demo_seed.py STATE_DIR      -> prints the demo account as JSON: {"user_id", "password", "base_url"}

Idempotent: the content is created once and recorded in STATE_DIR/demo.json; later runs only print it.
Plain HTTP on the client-server API, users registered with the shared secret from STATE_DIR/state.json.
The rooms are not end-to-end encrypted: history written by a script cannot be shared with a device that logs
in afterwards, and the demo is meant to show that history.
"""

import hashlib
import hmac
import json
import secrets
import subprocess
import tempfile
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

USERS = {
    "marie": "Marie Dubois",
    "jean": "Jean Martin",
    "sophie": "Sophie Bernard",
    "paul": "Paul Lefèvre",
    "claire": "Claire Moreau",
}


class Api:
    def __init__(self, state):
        self.base = state["base_url"].rstrip("/")
        self.secret = state["shared_secret"]
        self.server = state["server_name"]
        self.tokens = {}
        self.txn = 0

    def uid(self, name):
        return f"@{name}:{self.server}"

    def call(self, method, path, token=None, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        for attempt in range(5):
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    return json.loads(r.read() or b"{}")
            except urllib.error.HTTPError as e:
                detail = e.read().decode(errors="replace")
                if e.code == 429 and attempt < 4:
                    time.sleep(json.loads(detail).get("retry_after_ms", 500) / 1000)
                    continue
                raise SystemExit(f"demo_seed: {method} {path} -> HTTP {e.code} {detail}")
        raise SystemExit(f"demo_seed: {method} {path} kept being rate limited")

    def register(self, name, password, displayname):
        path = "/_synapse/admin/v1/register"
        nonce = self.call("GET", path)["nonce"]
        mac = hmac.new(self.secret.encode(), b"\0".join(
            [nonce.encode(), name.encode(), password.encode(), b"notadmin"]), hashlib.sha1).hexdigest()
        r = self.call("POST", path, body={"nonce": nonce, "username": name, "password": password,
                                          "displayname": displayname, "admin": False, "mac": mac})
        self.tokens[name] = r["access_token"]

    def as_(self, name, method, path, body=None):
        return self.call(method, path, self.tokens[name], body)

    def create_room(self, creator, name, topic, invite=(), direct=False):
        body = {"preset": "trusted_private_chat" if direct else "private_chat",
                "invite": [self.uid(n) for n in invite], "is_direct": direct}
        if name:
            body["name"] = name
        if topic:
            body["topic"] = topic
        return self.as_(creator, "POST", "/_matrix/client/v3/createRoom", body)["room_id"]

    def room_path(self, room_id, rest):
        return f"/_matrix/client/v3/rooms/{urllib.parse.quote(room_id)}/{rest}"

    def invite(self, who, room_id, name):
        self.as_(who, "POST", self.room_path(room_id, "invite"), {"user_id": self.uid(name)})

    def join(self, name, room_id):
        self.as_(name, "POST", f"/_matrix/client/v3/join/{urllib.parse.quote(room_id)}", {})

    def leave(self, name, room_id):
        self.as_(name, "POST", self.room_path(room_id, "leave"), {})

    def say(self, name, room_id, body, html=None):
        self.txn += 1
        content = {"msgtype": "m.text", "body": body}
        if html:
            content.update({"format": "org.matrix.custom.html", "formatted_body": html})
        txn = f"demo-{int(time.time() * 1000)}-{self.txn}"
        return self.as_(name, "PUT", self.room_path(room_id, f"send/m.room.message/{txn}"), content)["event_id"]

    def send(self, name, room_id, event_type, content):
        self.txn += 1
        txn = f"demo-{int(time.time() * 1000)}-{self.txn}"
        return self.as_(name, "PUT", self.room_path(room_id, f"send/{event_type}/{txn}"), content)["event_id"]

    def react(self, name, room_id, event_id, key):
        return self.send(name, room_id, "m.reaction",
                         {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}})

    def reply(self, name, room_id, event_id, body):
        return self.send(name, room_id, "m.room.message",
                         {"msgtype": "m.text", "body": body, "m.relates_to": {"m.in_reply_to": {"event_id": event_id}}})

    def edit(self, name, room_id, event_id, body):
        new = {"msgtype": "m.text", "body": body}
        return self.send(name, room_id, "m.room.message",
                         {"msgtype": "m.text", "body": "* " + body, "m.new_content": new,
                          "m.relates_to": {"rel_type": "m.replace", "event_id": event_id}})

    def upload(self, name, data, content_type, filename):
        query = urllib.parse.urlencode({"filename": filename})
        req = urllib.request.Request(f"{self.base}/_matrix/media/v3/upload?{query}", data=data, method="POST")
        req.add_header("Content-Type", content_type)
        req.add_header("Authorization", f"Bearer {self.tokens[name]}")
        with urllib.request.urlopen(req, timeout=60) as resp:
            return json.loads(resp.read())["content_uri"]

    def send_media(self, name, room_id, msgtype, path, mimetype, info=None, thumbnail=None, caption=None):
        """Uploads `path` (and `thumbnail`: (path, mimetype, w, h)) and sends the m.room.message naming it."""
        data = Path(path).read_bytes()
        filename = Path(path).name
        content = {"msgtype": msgtype, "body": caption or filename,
                   "url": self.upload(name, data, mimetype, filename),
                   "info": {"mimetype": mimetype, "size": len(data), **(info or {})}}
        if caption:
            content["filename"] = filename
        if thumbnail:
            tpath, tmime, tw, th = thumbnail
            tdata = Path(tpath).read_bytes()
            content["info"]["thumbnail_url"] = self.upload(name, tdata, tmime, Path(tpath).name)
            content["info"]["thumbnail_info"] = {"mimetype": tmime, "size": len(tdata), "w": tw, "h": th}
        self.txn += 1
        txn = f"demo-{int(time.time() * 1000)}-{self.txn}"
        return self.as_(name, "PUT", self.room_path(room_id, f"send/m.room.message/{txn}"), content)["event_id"]

    def set_avatar(self, name, path):
        uri = self.upload(name, Path(path).read_bytes(), "image/png", Path(path).name)
        self.as_(name, "PUT", f"/_matrix/client/v3/profile/{urllib.parse.quote(self.uid(name))}/avatar_url",
                 {"avatar_url": uri})
        return uri

    def read_up_to(self, name, room_id, event_id):
        self.as_(name, "POST", self.room_path(room_id, "read_markers"),
                 {"m.fully_read": event_id, "m.read": event_id})


def conversation(api, room_id, lines):
    """Sends (sender, body[, html]) lines in order; returns their event ids."""
    ids = []
    for line in lines:
        ids.append(api.say(line[0], room_id, line[1], line[2] if len(line) > 2 else None))
        time.sleep(0.05)  # distinct timestamps, stable order
    return ids


def make_media(folder):
    """Demo files made on the spot (ImageMagick, ffmpeg): a photo of a whiteboard and its thumbnail, a one-page
    PDF, a three-second video and its poster. Returns their paths by name."""
    f = Path(folder)
    def run(*cmd):
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    photo = f / "tableau-pilote.jpg"
    run("convert", "-size", "1200x800", "xc:#f5f5f0", "-fill", "#000091", "-font", "DejaVu-Sans-Bold",
        "-pointsize", "64", "-annotate", "+80+140", "Pilote Estafette",
        "-fill", "#333333", "-font", "DejaVu-Sans", "-pointsize", "40",
        "-annotate", "+100+260", "1. Comptes des agents (42)", "-annotate", "+100+340", "2. Postes Debian : OK",
        "-annotate", "+100+420", "3. Guide de prise en main", "-annotate", "+100+500", "4. Support : Claire",
        "-stroke", "#e1000f", "-strokewidth", "8", "-fill", "none", "-draw", "roundrectangle 60,60 1140,740 30,30",
        "-quality", "88", str(photo))
    thumb = f / "tableau-pilote-miniature.jpg"
    run("convert", str(photo), "-resize", "800x600", "-quality", "80", str(thumb))
    pdf = f / "Guide de prise en main.pdf"
    text = b"BT /F1 24 Tf 72 720 Td (Estafette - guide de prise en main) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    pdf.write_bytes(out)
    video = f / "visite-du-site.webm"
    run("ffmpeg", "-y", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=20",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=20", "-shortest",
        "-c:v", "libvpx", "-b:v", "600k", "-c:a", "libvorbis", str(video))
    poster = f / "visite-du-site-affiche.jpg"
    run("ffmpeg", "-y", "-ss", "1", "-i", str(video), "-frames:v", "1", str(poster))
    avatars = {}
    for name, colour in (("marie", "#000091"), ("jean", "#18753c"), ("sophie", "#6e445a"),
                         ("paul", "#715a00"), ("claire", "#8d2427")):
        avatar = f / f"avatar-{name}.png"
        run("convert", "-size", "128x128", f"xc:{colour}", "-fill", "white", "-font", "DejaVu-Sans-Bold",
            "-pointsize", "64", "-gravity", "center", "-annotate", "+0+0", name[0].upper(), str(avatar))
        avatars[name] = avatar
    return {"photo": photo, "thumb": thumb, "pdf": pdf, "video": video, "poster": poster, "avatars": avatars}


def seed(api):
    passwords = {name: secrets.token_urlsafe(12) for name in USERS}
    for name, display in USERS.items():
        api.register(name, passwords[name], display)
    folder = tempfile.TemporaryDirectory()
    media = make_media(folder.name)
    # Avatars before any room exists, so no timeline says someone changed theirs.
    for name, avatar in media["avatars"].items():
        if name != "marie":
            api.set_avatar(name, avatar)

    # Oldest activity first: the room list opens on the most recent room, the project.
    # Direct chat Jean <-> Marie
    dm = api.create_room("jean", None, None, invite=["marie"], direct=True)
    api.join("marie", dm)
    api.as_("jean", "PUT", f"/_matrix/client/v3/user/{urllib.parse.quote(api.uid('jean'))}/account_data/m.direct",
            {api.uid("marie"): [dm]})
    api.as_("marie", "PUT", f"/_matrix/client/v3/user/{urllib.parse.quote(api.uid('marie'))}/account_data/m.direct",
            {api.uid("jean"): [dm]})
    ids = conversation(api, dm, [
        ("jean", "Salut Marie, tu as un moment pour relire ma note avant envoi ?"),
        ("marie", "Oui, envoie-la moi, je la regarde après la réunion."),
        ("jean", "Merci ! Elle est dans le dossier partagé, version 3."),
        ("marie", "Relue : deux coquilles page 2, sinon c'est très clair."),
        ("jean", "Corrigé. On déjeune ensemble jeudi ?"),
    ])
    api.read_up_to("marie", dm, ids[-2])

    # Communication interne, Jean leaves at the end
    comm = api.create_room("claire", "Communication interne",
                           "Annonces et informations pour l'ensemble des agents",
                           invite=["marie", "jean", "sophie", "paul"])
    for n in ("marie", "jean", "sophie", "paul"):
        api.join(n, comm)
    ids = conversation(api, comm, [
        ("claire", "La lettre interne de novembre est en ligne sur l'intranet."),
        ("sophie", "Merci Claire ! L'article sur la transformation numérique est très réussi."),
        ("paul", "Attention : coupure réseau prévue samedi de 7 h à 9 h pour maintenance."),
        ("marie", "Les permanences de décembre sont à renseigner avant vendredi."),
        ("claire", "Le séminaire des cadres aura lieu le 12 décembre à l'auditorium."),
        ("jean", "Je quitte ce salon, je suivrai les annonces par la lettre hebdomadaire. Bonne continuation !"),
    ])
    api.leave("jean", comm)
    api.read_up_to("marie", comm, ids[-1])

    # Cabinet du ministre
    cabinet = api.create_room("sophie", "Cabinet du ministre",
                              "Coordination du cabinet : agenda, arbitrages et notes au ministre",
                              invite=["marie", "jean", "paul"])
    for n in ("marie", "jean", "paul"):
        api.join(n, cabinet)
    ids = conversation(api, cabinet, [
        ("sophie", "Bonjour à tous. Le ministre souhaite un point d'étape sur la réforme avant jeudi midi."),
        ("jean", "Bien noté. Je consolide les retours des directions d'ici mercredi soir."),
        ("marie", "Je prépare la note de synthèse. Paul, peux-tu me transmettre les chiffres budgétaires ?"),
        ("paul", "Oui, je t'envoie le tableau mis à jour dans l'heure."),
        ("sophie", "Rappel : le déplacement à Lyon est avancé au **mardi 9 h**.",
         "Rappel : le déplacement à Lyon est avancé au <strong>mardi 9 h</strong>."),
        ("jean", "La préfecture confirme la réunion avec les élus locaux à 11 h."),
        ("marie", "Parfait, j'ajoute ce créneau à l'agenda partagé."),
        ("paul", "Tableau envoyé. Les crédits de paiement sont stables par rapport à la loi de finances."),
        ("sophie", "Merci. Point cabinet demain à 8 h 30, salle Sully."),
    ])
    api.read_up_to("marie", cabinet, ids[-3])

    # Projet Estafette, with Claire joining along the way
    projet = api.create_room("paul", "Projet Estafette",
                             "Déploiement de la messagerie sécurisée dans les services",
                             invite=["marie", "jean"])
    api.join("marie", projet)
    api.join("jean", projet)
    ids = conversation(api, projet, [
        ("paul", "Le pilote démarre lundi avec trois directions. Les postes sont prêts."),
        ("marie", "Super. Les comptes des agents du pilote sont créés ?"),
        ("paul", "Oui, 42 comptes. J'invite Claire qui pilotera le support utilisateurs."),
    ])
    api.invite("paul", projet, "claire")
    api.join("claire", projet)
    ids += conversation(api, projet, [
        ("claire", "Bonjour ! Je prépare un guide de prise en main d'une page."),
        ("jean", "Pensez à rappeler que les salons créés dans Estafette sont chiffrés de bout en bout : ça rassure."),
        ("marie", "Bonne idée. On peut aussi montrer la vérification des appareils."),
        ("claire", "C'est noté, j'ajoute une section « Vérifier un appareil »."),
        ("paul", "Retour de la DSI : le paquet s'installe sans souci sur les postes Debian."),
    ])
    # Files, photos and videos in the project room: a photo of the whiteboard, the guide, a video of a visit.
    ids.append(api.send_media("claire", projet, "m.image", media["photo"], "image/jpeg",
                              {"w": 1200, "h": 800}, (media["thumb"], "image/jpeg", 800, 533),
                              caption="Le tableau de la réunion de lancement"))
    ids.append(api.send_media("paul", projet, "m.file", media["pdf"], "application/pdf"))
    ids.append(api.send_media("jean", projet, "m.video", media["video"], "video/webm",
                              {"w": 640, "h": 360, "duration": 20000}, (media["poster"], "image/jpeg", 640, 360)))
    # Settings changed and people joining in a row: folded into one summary line.
    api.as_("paul", "PUT", api.room_path(projet, "state/m.room.topic/"),
            {"topic": "Déploiement de la messagerie sécurisée dans les services — pilote de lundi"})
    api.invite("paul", projet, "sophie")
    api.join("sophie", projet)
    # Formatting, a reply, reactions and an edit: what a conversation looks like.
    agenda = api.say("paul", projet,
                     "Ordre du jour de lundi :\n- **accueil** des agents du pilote\n- démonstration\n"
                     "- questions, avec `support@estafette.gouv.fr` en copie",
                     "<p>Ordre du jour de lundi :</p><ul><li><strong>accueil</strong> des agents du pilote</li>"
                     "<li>démonstration</li><li>questions, avec <code>support@estafette.gouv.fr</code> en copie</li></ul>")
    ids.append(agenda)
    for who, key in (("jean", "👍"), ("claire", "👍"), ("marie", "👍"), ("claire", "🎉")):
        api.react(who, projet, agenda, key)
    ids.append(api.reply("jean", projet, agenda, "J'ajoute cinq minutes sur le chiffrement des pièces jointes."))
    thanks = api.say("marie", projet, "Merci à tous, c'est parfait pour la présentation de lundi.")
    ids.append(thanks)
    api.edit("marie", projet, thanks, "Merci à tous, c'est parfait pour la présentation de lundi à 10 h.")
    marie_link = f"https://matrix.to/#/{urllib.parse.quote(api.uid('marie'), safe='@:')}"
    ids.append(api.send("claire", projet, "m.room.message", {
        "msgtype": "m.text", "body": "Marie Dubois, tu peux valider le guide avant vendredi ?",
        "format": "org.matrix.custom.html",
        "formatted_body": f'<a href="{marie_link}">Marie Dubois</a>, tu peux valider le guide avant vendredi ?',
        "m.mentions": {"user_ids": [api.uid("marie")]}}))
    # Who has read what (their receipts show under the messages), and Paul typing as the app opens.
    api.read_up_to("jean", projet, ids[-1])
    api.read_up_to("paul", projet, ids[-1])
    api.read_up_to("marie", projet, ids[4])
    api.as_("paul", "PUT", api.room_path(projet, f"typing/{urllib.parse.quote(api.uid('paul'))}"),
            {"typing": True, "timeout": 600000})

    # Cellule de crise: Marie is invited but has not answered yet
    crise = api.create_room("claire", "Cellule de crise",
                            "Coordination en cas d'incident majeur — activation sur décision du préfet",
                            invite=["paul"])
    api.join("paul", crise)
    conversation(api, crise, [
        ("claire", "Exercice de gestion de crise prévu le 3 décembre. J'invite Marie pour la communication."),
        ("paul", "Je prépare le scénario technique (panne du réseau interministériel)."),
    ])
    api.invite("claire", crise, "marie")

    folder.cleanup()
    return passwords


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: demo_seed.py STATE_DIR")
    state_dir = Path(sys.argv[1])
    marker = state_dir / "demo.json"
    state = json.loads((state_dir / "state.json").read_text())
    if not marker.exists():
        api = Api(state)
        passwords = seed(api)
        demo = {"user_id": api.uid("marie"), "password": passwords["marie"],
                "passwords": {api.uid(n): p for n, p in passwords.items()}}
        tmp = marker.with_suffix(".tmp")
        tmp.write_text(json.dumps(demo, indent=2, ensure_ascii=False) + "\n")
        tmp.replace(marker)
        print(f"demo_seed: seeded {len(USERS)} users and 5 rooms", file=sys.stderr)
    demo = json.loads(marker.read_text())
    print(json.dumps({"user_id": demo["user_id"], "password": demo["password"], "base_url": state["base_url"]}))


if __name__ == "__main__":
    main()
