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


def seed(api):
    passwords = {name: secrets.token_urlsafe(12) for name in USERS}
    for name, display in USERS.items():
        api.register(name, passwords[name], display)

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
    api.read_up_to("marie", projet, ids[4])

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
