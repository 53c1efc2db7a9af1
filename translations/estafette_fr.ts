<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AppOptions</name>
    <message>
        <source>Estafette, secure messaging for state agents (Matrix).</source>
        <translation>Estafette, la messagerie sécurisée des agents de l’État (Matrix).</translation>
    </message>
    <message>
        <source>Keep this instance&apos;s settings and session in &lt;folder&gt;, apart from other profiles.</source>
        <translation>Conserver les réglages et la session de cette instance dans &lt;dossier&gt;, à l’écart des autres profils.</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>dossier</translation>
    </message>
    <message>
        <source>Prefill the server address.</source>
        <translation>Préremplir l’adresse du serveur.</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>Prefill the identifier.</source>
        <translation>Préremplir l’identifiant.</translation>
    </message>
    <message>
        <source>id</source>
        <translation>identifiant</translation>
    </message>
    <message>
        <source>Demonstration only: sign in automatically with this password. It is visible to anyone who can list the processes of this computer.</source>
        <translation>Démonstration uniquement&#xa0;: se connecter automatiquement avec ce mot de passe. Il est visible par toute personne pouvant lister les processus de cet ordinateur.</translation>
    </message>
    <message>
        <source>password</source>
        <translation>mot de passe</translation>
    </message>
    <message>
        <source>Language of the interface: fr or en (default: the system&apos;s).</source>
        <translation>Langue de l’interface&#xa0;: fr ou en (par défaut&#xa0;: celle du système).</translation>
    </message>
    <message>
        <source>Unknown language &quot;%1&quot;: use fr or en.</source>
        <translation>Langue inconnue «&#xa0;%1&#xa0;»&#xa0;: utilisez fr ou en.</translation>
    </message>
    <message>
        <source>Cannot use the profile folder &quot;%1&quot;.</source>
        <translation>Impossible d’utiliser le dossier de profil «&#xa0;%1&#xa0;».</translation>
    </message>
</context>
<context>
    <name>AttachmentMime</name>
    <message>
        <source>Pasted image %1.png</source>
        <translation>Image collée %1.png</translation>
    </message>
</context>
<context>
    <name>AttachmentPreviewer</name>
    <message>
        <source>This file can&apos;t be read: %1</source>
        <translation>Ce fichier ne peut pas être lu&#xa0;: %1</translation>
    </message>
    <message>
        <source>This file is empty.</source>
        <translation>Ce fichier est vide.</translation>
    </message>
    <message>
        <source>This image can&apos;t be read.</source>
        <translation>Cette image ne peut pas être lue.</translation>
    </message>
</context>
<context>
    <name>AttachmentStager</name>
    <message>
        <source>The file</source>
        <translation>Le fichier</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>«&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>%1 cannot be read: it may have been moved or deleted.</source>
        <translation>%1 ne peut pas être lu&#xa0;: il a peut-être été déplacé ou supprimé.</translation>
    </message>
    <message>
        <source>%1 is empty: there is nothing to send.</source>
        <translation>%1 est vide&#xa0;: il n’y a rien à envoyer.</translation>
    </message>
    <message>
        <source>%1 is too large to send: %2, and this server accepts at most %3.</source>
        <translation>%1 est trop volumineux pour être envoyé&#xa0;: %2, alors que ce serveur accepte au plus %3.</translation>
    </message>
    <message>
        <source>There is not enough free disk space to prepare %1 for sending.</source>
        <translation>L’espace disque libre ne suffit pas pour préparer l’envoi de %1.</translation>
    </message>
    <message>
        <source>%1 could not be prepared for sending: the account&apos;s folder could not be written.</source>
        <translation>L’envoi de %1 n’a pas pu être préparé&#xa0;: le dossier du compte n’a pas pu être écrit.</translation>
    </message>
    <message>
        <source>Sending %1 was cancelled.</source>
        <translation>L’envoi de %1 a été annulé.</translation>
    </message>
</context>
<context>
    <name>DeviceSaver</name>
    <message>
        <source>There is nothing to save.</source>
        <translation>Il n’y a rien à enregistrer.</translation>
    </message>
    <message>
        <source>The file could not be read: %1</source>
        <translation>Le fichier n’a pas pu être lu&#xa0;: %1</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>Le fichier n’a pas pu être lu.</translation>
    </message>
    <message>
        <source>“%1” could not be written: %2</source>
        <translation>«&#xa0;%1&#xa0;» n’a pas pu être écrit&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message numerus="yes">
        <source>Too many attempts. Try again in %n second(s).</source>
        <translation>
            <numerusform>Trop de tentatives. Réessayez dans %n seconde.</numerusform>
            <numerusform>Trop de tentatives. Réessayez dans %n secondes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many attempts. Wait a moment, then try again.</source>
        <translation>Trop de tentatives. Patientez un instant, puis réessayez.</translation>
    </message>
    <message>
        <source>This server address is not valid. Enter an address such as matrix.example.gouv.fr.</source>
        <translation>Cette adresse de serveur n’est pas valide. Saisissez une adresse comme matrix.exemple.gouv.fr.</translation>
    </message>
    <message>
        <source>The server could not be reached. Check the address and your network connection.</source>
        <translation>Le serveur est injoignable. Vérifiez l’adresse et votre connexion réseau.</translation>
    </message>
    <message>
        <source>This address does not lead to a Matrix server. Check the server address.</source>
        <translation>Cette adresse ne mène pas à un serveur Matrix. Vérifiez l’adresse du serveur.</translation>
    </message>
    <message>
        <source>Wrong identifier or password.</source>
        <translation>Identifiant ou mot de passe incorrect.</translation>
    </message>
    <message>
        <source>This account has been deactivated. Contact your administrator.</source>
        <translation>Ce compte a été désactivé. Contactez votre administrateur.</translation>
    </message>
    <message>
        <source>Sign-in failed. The server says: %1</source>
        <translation>La connexion a échoué. Le serveur indique&#xa0;: %1</translation>
    </message>
    <message>
        <source>Sign-in failed for an unknown reason. Try again later.</source>
        <translation>La connexion a échoué pour une raison inconnue. Réessayez plus tard.</translation>
    </message>
    <message>
        <source>The server could not be reached. Check your network connection.</source>
        <translation>Le serveur est injoignable. Vérifiez votre connexion réseau.</translation>
    </message>
    <message>
        <source>The server took too long to answer. Try again later.</source>
        <translation>Le serveur a mis trop de temps à répondre. Réessayez plus tard.</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>La demande a été annulée.</translation>
    </message>
    <message>
        <source>The server sent an answer that could not be understood.</source>
        <translation>Le serveur a envoyé une réponse incompréhensible.</translation>
    </message>
    <message>
        <source>The server answered with an error (HTTP %1). Try again later.</source>
        <translation>Le serveur a répondu par une erreur (HTTP %1). Réessayez plus tard.</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>Vous n’avez pas l’autorisation de faire cela.</translation>
    </message>
    <message>
        <source>You are not allowed to do this: %1</source>
        <translation>Vous n’avez pas l’autorisation de faire cela&#xa0;: %1</translation>
    </message>
    <message>
        <source>Your session is no longer valid. Please sign in again.</source>
        <translation>Votre session n’est plus valide. Veuillez vous reconnecter.</translation>
    </message>
    <message>
        <source>The server could not find what was asked for.</source>
        <translation>Le serveur n’a pas trouvé l’élément demandé.</translation>
    </message>
    <message>
        <source>This is too large for the server.</source>
        <translation>C’est trop volumineux pour le serveur.</translation>
    </message>
    <message>
        <source>The server refused the request: %1</source>
        <translation>Le serveur a refusé la demande&#xa0;: %1</translation>
    </message>
    <message>
        <source>The server refused the request (%1).</source>
        <translation>Le serveur a refusé la demande (%1).</translation>
    </message>
    <message>
        <source>You signed out.</source>
        <translation>Vous vous êtes déconnecté.</translation>
    </message>
    <message>
        <source>Your session expired, please sign in again.</source>
        <translation>Votre session a expiré, veuillez vous reconnecter.</translation>
    </message>
    <message>
        <source>This session was signed out from another device. Sign in again to continue.</source>
        <translation>Cette session a été fermée depuis un autre appareil. Reconnectez-vous pour continuer.</translation>
    </message>
    <message>
        <source>The message could not be encrypted, so it was not sent. Try again later.</source>
        <translation>Le message n’a pas pu être chiffré, il n’a donc pas été envoyé. Réessayez plus tard.</translation>
    </message>
    <message>
        <source>The server&apos;s security certificate is not trusted by this computer: it was not issued by an authority this computer recognises.</source>
        <translation>Le certificat de sécurité du serveur n’est pas reconnu par cet ordinateur&#xa0;: il n’a pas été émis par une autorité que cet ordinateur connaît.</translation>
    </message>
    <message>
        <source>The server&apos;s security certificate was issued for another name than this server&apos;s.</source>
        <translation>Le certificat de sécurité du serveur a été émis pour un autre nom que celui de ce serveur.</translation>
    </message>
    <message>
        <source>The server&apos;s security certificate has expired or is not valid yet.</source>
        <translation>Le certificat de sécurité du serveur a expiré ou n’est pas encore valide.</translation>
    </message>
    <message>
        <source>The server&apos;s security certificate could not be verified.</source>
        <translation>Le certificat de sécurité du serveur n’a pas pu être vérifié.</translation>
    </message>
    <message>
        <source>The connection was stopped before anything was sent, to protect you. Contact your IT support.</source>
        <translation>La connexion a été interrompue avant tout envoi, pour vous protéger. Contactez votre support informatique.</translation>
    </message>
    <message>
        <source>Contact your IT support.</source>
        <translation>Contactez votre support informatique.</translation>
    </message>
    <message>
        <source>This account has been locked. Contact your administrator.</source>
        <translation>Ce compte a été verrouillé. Contactez votre administrateur.</translation>
    </message>
    <message>
        <source>New messages are no longer received. %1</source>
        <translation>Les messages ne sont plus reçus. %1</translation>
    </message>
</context>
<context>
    <name>EventDescription</name>
    <message>
        <source>Someone</source>
        <translation>Quelqu’un</translation>
    </message>
    <message>
        <source>%1 removed their display name</source>
        <translation>%1 a supprimé son nom d’affichage</translation>
    </message>
    <message>
        <source>%1 set their display name to %2</source>
        <translation>%1 a choisi le nom d’affichage %2</translation>
    </message>
    <message>
        <source>%1 changed their display name to %2</source>
        <translation>%1 a changé son nom d’affichage en %2</translation>
    </message>
    <message>
        <source>%1 removed their avatar</source>
        <translation>%1 a supprimé son avatar</translation>
    </message>
    <message>
        <source>%1 changed their avatar</source>
        <translation>%1 a changé son avatar</translation>
    </message>
    <message>
        <source>%1 updated their profile</source>
        <translation>%1 a mis à jour son profil</translation>
    </message>
    <message>
        <source>%1 joined the room</source>
        <translation>%1 a rejoint le salon</translation>
    </message>
    <message>
        <source>%1 invited %2</source>
        <translation>%1 a invité %2</translation>
    </message>
    <message>
        <source>%1 declined the invitation</source>
        <translation>%1 a décliné l’invitation</translation>
    </message>
    <message>
        <source>%1 withdrew their request to join</source>
        <translation>%1 a retiré sa demande pour rejoindre le salon</translation>
    </message>
    <message>
        <source>%1 left the room</source>
        <translation>%1 a quitté le salon</translation>
    </message>
    <message>
        <source>%1 unbanned %2</source>
        <translation>%1 a levé le bannissement de %2</translation>
    </message>
    <message>
        <source>%1 withdrew the invitation of %2</source>
        <translation>%1 a retiré l’invitation de %2</translation>
    </message>
    <message>
        <source>%1 was kicked by %2: %3</source>
        <translation>%1 a été exclu par %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>%1 was kicked by %2</source>
        <translation>%1 a été exclu par %2</translation>
    </message>
    <message>
        <source>%1 banned %2: %3</source>
        <translation>%1 a banni %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>%1 banned %2</source>
        <translation>%1 a banni %2</translation>
    </message>
    <message>
        <source>%1 asked to join the room</source>
        <translation>%1 a demandé à rejoindre le salon</translation>
    </message>
    <message>
        <source>Unsupported event (%1)</source>
        <translation>Événement non pris en charge (%1)</translation>
    </message>
    <message>
        <source>%1 made the room public</source>
        <translation>%1 a rendu le salon public</translation>
    </message>
    <message>
        <source>%1 made the room invite only</source>
        <translation>%1 a réservé le salon aux personnes invitées</translation>
    </message>
    <message>
        <source>%1 allowed people to ask to join</source>
        <translation>%1 a permis de demander à rejoindre le salon</translation>
    </message>
    <message>
        <source>%1 restricted who can join the room</source>
        <translation>%1 a restreint l’accès au salon</translation>
    </message>
    <message>
        <source>%1 changed the join rules</source>
        <translation>%1 a modifié les règles d’accès</translation>
    </message>
    <message>
        <source>%1 made future room history visible to anyone</source>
        <translation>%1 a rendu l’historique futur du salon visible par tous</translation>
    </message>
    <message>
        <source>%1 made future room history visible to all members</source>
        <translation>%1 a rendu l’historique futur du salon visible par tous les membres</translation>
    </message>
    <message>
        <source>%1 made future room history visible to members since they were invited</source>
        <translation>%1 a rendu l’historique futur du salon visible par les membres depuis leur invitation</translation>
    </message>
    <message>
        <source>%1 made future room history visible to members since they joined</source>
        <translation>%1 a rendu l’historique futur du salon visible par les membres depuis leur arrivée</translation>
    </message>
    <message>
        <source>%1 changed who can read the history</source>
        <translation>%1 a modifié qui peut lire l’historique</translation>
    </message>
    <message>
        <source>Message deleted</source>
        <translation>Message supprimé</translation>
    </message>
    <message>
        <source>%1 removed the room name</source>
        <translation>%1 a supprimé le nom du salon</translation>
    </message>
    <message>
        <source>%1 changed the room name to “%2”</source>
        <translation>%1 a renommé le salon en «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>%1 removed the topic</source>
        <translation>%1 a supprimé le sujet</translation>
    </message>
    <message>
        <source>%1 changed the topic to “%2”</source>
        <translation>%1 a changé le sujet en «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>%1 removed the room avatar</source>
        <translation>%1 a supprimé l’avatar du salon</translation>
    </message>
    <message>
        <source>%1 changed the room avatar</source>
        <translation>%1 a changé l’avatar du salon</translation>
    </message>
    <message>
        <source>%1 created the room</source>
        <translation>%1 a créé le salon</translation>
    </message>
    <message>
        <source>%1 removed the main address of the room</source>
        <translation>%1 a supprimé l’adresse principale du salon</translation>
    </message>
    <message>
        <source>%1 set the main address of the room to %2</source>
        <translation>%1 a défini l’adresse principale du salon sur %2</translation>
    </message>
    <message>
        <source>%1 changed permissions</source>
        <translation>%1 a modifié les permissions</translation>
    </message>
    <message>
        <source>%1 allowed guests to join</source>
        <translation>%1 a autorisé les invités à rejoindre le salon</translation>
    </message>
    <message>
        <source>%1 prevented guests from joining</source>
        <translation>%1 a empêché les invités de rejoindre le salon</translation>
    </message>
    <message>
        <source>%1 enabled end-to-end encryption</source>
        <translation>%1 a activé le chiffrement de bout en bout</translation>
    </message>
    <message>
        <source>Encrypted message</source>
        <translation>Message chiffré</translation>
    </message>
    <message>
        <source>%1 deleted a message</source>
        <translation>%1 a supprimé un message</translation>
    </message>
    <message>
        <source>%1 reacted with %2</source>
        <translation>%1 a réagi avec %2</translation>
    </message>
    <message>
        <source>Encrypted message: its key has not been received yet. It will be shown as soon as the key arrives.</source>
        <translation>Message chiffré&#xa0;: la clé n’a pas encore été reçue. Il s’affichera dès qu’elle arrivera.</translation>
    </message>
    <message>
        <source>Message rejected: it reuses a key already used (possible replay attack).</source>
        <translation>Message rejeté&#xa0;: il réutilise une clé déjà utilisée (possible attaque par rejeu).</translation>
    </message>
    <message>
        <source>Message rejected: it was encrypted for another room.</source>
        <translation>Message rejeté&#xa0;: il a été chiffré pour un autre salon.</translation>
    </message>
    <message>
        <source>Encrypted message that cannot be read: it is damaged.</source>
        <translation>Message chiffré illisible&#xa0;: il est endommagé.</translation>
    </message>
    <message>
        <source>Encrypted message that cannot be read: it uses an encryption method Estafette does not support.</source>
        <translation>Message chiffré illisible&#xa0;: il utilise une méthode de chiffrement qu’Estafette ne prend pas en charge.</translation>
    </message>
    <message>
        <source>Encrypted message, waiting for its key</source>
        <translation>Message chiffré, en attente de sa clé</translation>
    </message>
    <message>
        <source>Message rejected</source>
        <translation>Message rejeté</translation>
    </message>
    <message>
        <source>Unreadable encrypted message</source>
        <translation>Message chiffré illisible</translation>
    </message>
    <message>
        <source>The key of this message does not belong to any device of %1: it may have been sent by someone else. Do not trust its content without checking with %1.</source>
        <translation>La clé de ce message n’appartient à aucun appareil de %1&#xa0;: il a pu être envoyé par quelqu’un d’autre. Ne vous fiez pas à son contenu sans vérifier auprès de %1.</translation>
    </message>
    <message>
        <source>Sent from a device of %1 that this device does not know yet: the sender cannot be confirmed for now.</source>
        <translation>Envoyé depuis un appareil de %1 que cet appareil ne connaît pas encore&#xa0;: l’expéditeur ne peut pas être confirmé pour l’instant.</translation>
    </message>
    <message>
        <source>Sent from a device of %1 that this device does not know yet (%2): the sender cannot be confirmed for now.</source>
        <translation>Envoyé depuis un appareil de %1 que cet appareil ne connaît pas encore (%2)&#xa0;: l’expéditeur ne peut pas être confirmé pour l’instant.</translation>
    </message>
    <message>
        <source>The key of this message was passed on by one of your other devices, not by the sender&apos;s: that it comes from %1 cannot be guaranteed.</source>
        <translation>La clé de ce message a été transmise par un autre de vos appareils, et non par celui de l’expéditeur&#xa0;: rien ne garantit qu’il provienne de %1.</translation>
    </message>
    <message>
        <source>Unreadable message</source>
        <translation>Message illisible</translation>
    </message>
    <message>
        <source>This message has no text: the “body” that every message must have is missing. The sender’s app may be faulty.</source>
        <translation>Ce message n’a pas de texte&#xa0;: le «&#xa0;body&#xa0;» que tout message doit avoir manque. L’application de l’expéditeur est peut-être défectueuse.</translation>
    </message>
    <message>
        <source>The “body” of this message, where its text should be, is not text, so it cannot be shown. The sender’s app may be faulty.</source>
        <translation>Le «&#xa0;body&#xa0;» de ce message, qui devrait contenir son texte, n’est pas du texte&#xa0;: il ne peut pas être affiché. L’application de l’expéditeur est peut-être défectueuse.</translation>
    </message>
    <message>
        <source>This message is empty: its text (its “body”) has nothing to show.</source>
        <translation>Ce message est vide&#xa0;: son texte (son «&#xa0;body&#xa0;») ne contient rien à afficher.</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>%1 a rejoint le salon</translation>
    </message>
    <message>
        <source>%1 and %2 joined</source>
        <translation>%1 et %2 ont rejoint le salon</translation>
    </message>
    <message numerus="yes">
        <source>%n people joined</source>
        <translation>
            <numerusform>%n personne a rejoint le salon</numerusform>
            <numerusform>%n personnes ont rejoint le salon</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 a quitté le salon</translation>
    </message>
    <message>
        <source>%1 and %2 left</source>
        <translation>%1 et %2 ont quitté le salon</translation>
    </message>
    <message numerus="yes">
        <source>%n people left</source>
        <translation>
            <numerusform>%n personne a quitté le salon</numerusform>
            <numerusform>%n personnes ont quitté le salon</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 was invited</source>
        <translation>%1 a été invité(e)</translation>
    </message>
    <message>
        <source>%1 and %2 were invited</source>
        <translation>%1 et %2 ont été invité(e)s</translation>
    </message>
    <message numerus="yes">
        <source>%n people were invited</source>
        <translation>
            <numerusform>%n personne a été invitée</numerusform>
            <numerusform>%n personnes ont été invitées</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 was banned</source>
        <translation>%1 a été banni(e)</translation>
    </message>
    <message>
        <source>%1 and %2 were banned</source>
        <translation>%1 et %2 ont été banni(e)s</translation>
    </message>
    <message numerus="yes">
        <source>%n people were banned</source>
        <translation>
            <numerusform>%n personne a été bannie</numerusform>
            <numerusform>%n personnes ont été bannies</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 changed their profile</source>
        <translation>%1 a modifié son profil</translation>
    </message>
    <message>
        <source>%1 and %2 changed their profile</source>
        <translation>%1 et %2 ont modifié leur profil</translation>
    </message>
    <message numerus="yes">
        <source>%n people changed their profile</source>
        <translation>
            <numerusform>%n personne a modifié son profil</numerusform>
            <numerusform>%n personnes ont modifié leur profil</numerusform>
        </translation>
    </message>
    <message>
        <source>one other change</source>
        <translation>une autre modification</translation>
    </message>
    <message numerus="yes">
        <source>%n other changes</source>
        <translation>
            <numerusform>%n autre modification</numerusform>
            <numerusform>%n autres modifications</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 created and configured the room</source>
        <translation>%1 a créé et configuré le salon</translation>
    </message>
    <message>
        <source>%1 changed the room settings</source>
        <translation>%1 a modifié les paramètres du salon</translation>
    </message>
    <message numerus="yes">
        <source>%n changes to the room</source>
        <translation>
            <numerusform>%n modification du salon</numerusform>
            <numerusform>%n modifications du salon</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FileTypeIcon</name>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Vidéo</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>Son</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>Document PDF</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Spreadsheet</source>
        <translation>Tableur</translation>
    </message>
    <message>
        <source>Presentation</source>
        <translation>Présentation</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Programme</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
</context>
<context>
    <name>LinkConfirmation</name>
    <message>
        <source>This link shows “%1” but leads to:

%2

It may be an attempt to deceive you. Open it anyway?</source>
        <translation>Ce lien affiche «&#xa0;%1&#xa0;» mais mène à&#xa0;:

%2

Il peut s’agir d’une tentative de tromperie. L’ouvrir quand même&#xa0;?</translation>
    </message>
    <message>
        <source>Suspicious link</source>
        <translation>Lien suspect</translation>
    </message>
    <message>
        <source>&amp;Open anyway</source>
        <translation>&amp;Ouvrir quand même</translation>
    </message>
    <message>
        <source>&amp;Don&apos;t open</source>
        <translation>&amp;Ne pas ouvrir</translation>
    </message>
</context>
<context>
    <name>MediaCard</name>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>MediaContent</name>
    <message>
        <source>This message does not hold a file.</source>
        <translation>Ce message ne contient pas de fichier.</translation>
    </message>
    <message>
        <source>This file cannot be shown: its message does not say where to download it.</source>
        <translation>Ce fichier ne peut pas être affiché&#xa0;: son message n’indique pas où le télécharger.</translation>
    </message>
    <message>
        <source>This file cannot be shown: its address is not a valid Matrix media address.</source>
        <translation>Ce fichier ne peut pas être affiché&#xa0;: son adresse n’est pas une adresse de média Matrix valide.</translation>
    </message>
    <message>
        <source>This file cannot be shown: what is needed to decrypt it is missing or damaged.</source>
        <translation>Ce fichier ne peut pas être affiché&#xa0;: ce qu’il faut pour le déchiffrer manque ou est endommagé.</translation>
    </message>
    <message>
        <source>This file cannot be shown: its description in the message is damaged.</source>
        <translation>Ce fichier ne peut pas être affiché&#xa0;: sa description dans le message est endommagée.</translation>
    </message>
    <message>
        <source>This file cannot be shown: it claims impossible dimensions.</source>
        <translation>Ce fichier ne peut pas être affiché&#xa0;: il annonce des dimensions impossibles.</translation>
    </message>
    <message>
        <source>This file cannot be shown: it claims an impossible size.</source>
        <translation>Ce fichier ne peut pas être affiché&#xa0;: il annonce une taille impossible.</translation>
    </message>
    <message>
        <source>This file cannot be shown: it claims an impossible duration.</source>
        <translation>Ce fichier ne peut pas être affiché&#xa0;: il annonce une durée impossible.</translation>
    </message>
    <message>
        <source>This message says it is an image, but its file is of type “%1”: it is not shown as one.</source>
        <translation>Ce message se dit une image, mais son fichier est de type «&#xa0;%1&#xa0;»&#xa0;: il n’est pas affiché comme tel.</translation>
    </message>
    <message>
        <source>This message says it is a video, but its file is of type “%1”: it is not played.</source>
        <translation>Ce message se dit une vidéo, mais son fichier est de type «&#xa0;%1&#xa0;»&#xa0;: il n’est pas lu.</translation>
    </message>
    <message>
        <source>This message says it is a sound, but its file is of type “%1”: it is not played.</source>
        <translation>Ce message se dit un son, mais son fichier est de type «&#xa0;%1&#xa0;»&#xa0;: il n’est pas lu.</translation>
    </message>
    <message>
        <source>This file is a program disguised as another kind of file. Do not open it unless you know why it was sent.</source>
        <translation>Ce fichier est un programme déguisé en un autre type de fichier. Ne l’ouvrez pas, sauf si vous savez pourquoi il a été envoyé.</translation>
    </message>
</context>
<context>
    <name>MediaText</name>
    <message>
        <source>Waiting to upload…</source>
        <translation>En attente d’envoi…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Envoi en cours…</translation>
    </message>
    <message>
        <source>Uploading… %1 %</source>
        <translation>Envoi… %1&#xa0;%</translation>
    </message>
    <message>
        <source>Starting download…</source>
        <translation>Début du téléchargement…</translation>
    </message>
    <message>
        <source>Downloading… %1 %</source>
        <translation>Téléchargement… %1&#xa0;%</translation>
    </message>
</context>
<context>
    <name>MessageMenu</name>
    <message>
        <source>Re&amp;act</source>
        <translation>Ré&amp;agir</translation>
    </message>
    <message>
        <source>&amp;Other reaction…</source>
        <translation>&amp;Autre réaction…</translation>
    </message>
    <message>
        <source>&amp;Reply</source>
        <translation>&amp;Répondre</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Modifier</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <source>&amp;Copy text</source>
        <translation>&amp;Copier le texte</translation>
    </message>
    <message>
        <source>Copy &amp;link address</source>
        <translation>Copier l’adresse du &amp;lien</translation>
    </message>
    <message>
        <source>Copy link to this &amp;message</source>
        <translation>Copier le lien vers ce &amp;message</translation>
    </message>
    <message>
        <source>Edit &amp;history…</source>
        <translation>&amp;Historique des modifications…</translation>
    </message>
    <message>
        <source>&amp;Devices of %1…</source>
        <translation>A&amp;ppareils de %1…</translation>
    </message>
</context>
<context>
    <name>MessageSecurity</name>
    <message>
        <source>This message is end-to-end encrypted and has not been decrypted.</source>
        <translation>Ce message est chiffré de bout en bout et n’a pas été déchiffré.</translation>
    </message>
    <message>
        <source>The device that sent this message has not shared its key with this device yet. A message sent before this device was signed in, or before you joined, may never become readable here.</source>
        <translation>L’appareil qui a envoyé ce message n’a pas encore transmis sa clé à cet appareil. Un message envoyé avant la connexion de cet appareil, ou avant votre arrivée dans le salon, peut ne jamais devenir lisible ici.</translation>
    </message>
    <message>
        <source>This device received the key of this conversation only from a later message on. The key of this one can still arrive from another of your devices.</source>
        <translation>Cet appareil n’a reçu la clé de cette conversation qu’à partir d’un message plus récent. La clé de celui-ci peut encore arriver depuis un autre de vos appareils.</translation>
    </message>
    <message>
        <source>Another message already used this exact key. Someone may be replaying an old message to make it look new, so this one is not shown.</source>
        <translation>Un autre message a déjà utilisé exactement cette clé. Quelqu’un rejoue peut-être un ancien message pour le faire passer pour nouveau&#xa0;: celui-ci n’est donc pas affiché.</translation>
    </message>
    <message>
        <source>This message was encrypted for another room and copied here, so it is not shown.</source>
        <translation>Ce message a été chiffré pour un autre salon puis recopié ici&#xa0;: il n’est donc pas affiché.</translation>
    </message>
    <message>
        <source>The encrypted content of this message is damaged or incomplete.</source>
        <translation>Le contenu chiffré de ce message est endommagé ou incomplet.</translation>
    </message>
    <message>
        <source>This message was encrypted with a method Estafette does not support.</source>
        <translation>Ce message a été chiffré avec une méthode qu’Estafette ne prend pas en charge.</translation>
    </message>
    <message>
        <source>Sender not authenticated</source>
        <translation>Expéditeur non authentifié</translation>
    </message>
</context>
<context>
    <name>RoomNaming</name>
    <message numerus="yes">
        <source>%1 and %n others</source>
        <translation>
            <numerusform>%1 et %n autre personne</numerusform>
            <numerusform>%1 et %n autres personnes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %2 and %n others</source>
        <translation>
            <numerusform>%1, %2 et %n autre personne</numerusform>
            <numerusform>%1, %2 et %n autres personnes</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 et %2</translation>
    </message>
    <message>
        <source>Empty room</source>
        <translation>Salon vide</translation>
    </message>
    <message>
        <source>Empty room (was %1)</source>
        <translation>Salon vide (anciennement %1)</translation>
    </message>
</context>
<context>
    <name>estafette</name>
    <message>
        <source>The file&apos;s address is not valid.</source>
        <translation>L’adresse du fichier n’est pas valide.</translation>
    </message>
    <message>
        <source>The file&apos;s encryption details are damaged: it cannot be opened.</source>
        <translation>Les informations de chiffrement du fichier sont endommagées&#xa0;: il ne peut pas être ouvert.</translation>
    </message>
    <message>
        <source>The server no longer has this file.</source>
        <translation>Le serveur n’a plus ce fichier.</translation>
    </message>
    <message>
        <source>The file is larger than announced or than allowed: it was not downloaded.</source>
        <translation>Le fichier est plus gros qu’annoncé ou que permis&#xa0;: il n’a pas été téléchargé.</translation>
    </message>
    <message>
        <source>The download was cut short. Try again later.</source>
        <translation>Le téléchargement a été interrompu. Réessayez plus tard.</translation>
    </message>
    <message>
        <source>The file was altered after it was sent: it was refused and is not shown.</source>
        <translation>Le fichier a été modifié après son envoi&#xa0;: il a été refusé et n’est pas affiché.</translation>
    </message>
    <message>
        <source>The server cannot be reached. Try again later.</source>
        <translation>Le serveur est injoignable. Réessayez plus tard.</translation>
    </message>
    <message>
        <source>The server refused to give the file.</source>
        <translation>Le serveur a refusé de fournir le fichier.</translation>
    </message>
    <message>
        <source>The file could not be kept on this computer (disk full?).</source>
        <translation>Le fichier n’a pas pu être conservé sur cet ordinateur (disque plein&#xa0;?).</translation>
    </message>
    <message>
        <source>Download cancelled.</source>
        <translation>Téléchargement annulé.</translation>
    </message>
</context>
<context>
    <name>estafette::AppController</name>
    <message>
        <source>Opening your session…</source>
        <translation>Ouverture de votre session…</translation>
    </message>
    <message>
        <source>Waiting for your decision…</source>
        <translation>En attente de votre choix…</translation>
    </message>
    <message>
        <source>Your previous local data was kept aside in %1. Sign in to start with a fresh database.</source>
        <translation>Vos anciennes données locales ont été mises de côté dans %1. Connectez-vous pour repartir d’une base de données neuve.</translation>
    </message>
</context>
<context>
    <name>estafette::AttachmentTray</name>
    <message>
        <source>A folder can&apos;t be sent, it was left out. Send a compressed archive of it instead.</source>
        <translation>Un dossier ne peut pas être envoyé&#xa0;: il a été écarté. Envoyez plutôt une archive compressée.</translation>
    </message>
    <message>
        <source>Folders can&apos;t be sent: %1 were left out. Send compressed archives of them instead.</source>
        <translation>Les dossiers ne peuvent pas être envoyés&#xa0;: %1 ont été écartés. Envoyez plutôt des archives compressées.</translation>
    </message>
    <message>
        <source>One file to send. Enter sends it with the message as caption; Escape removes it.</source>
        <translation>Un fichier à envoyer. Entrée l’envoie avec le message en légende&#xa0;; Échap le retire.</translation>
    </message>
    <message>
        <source>%1 files to send. Enter sends them with the message as caption; Escape removes them.</source>
        <translation>%1 fichiers à envoyer. Entrée les envoie avec le message en légende&#xa0;; Échap les retire.</translation>
    </message>
</context>
<context>
    <name>estafette::AttachmentTrayItem</name>
    <message>
        <source>Send as file</source>
        <translation>Envoyer comme fichier</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>Préparation…</translation>
    </message>
    <message>
        <source>Send as file: %1</source>
        <translation>Envoyer comme fichier&#xa0;: %1</translation>
    </message>
    <message>
        <source>Sends the original file untouched, without a preview. Its hidden details (such as where a photo was taken) are then kept.</source>
        <translation>Envoie le fichier d’origine tel quel, sans aperçu. Ses informations cachées (comme le lieu de prise d’une photo) sont alors conservées.</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>Retirer %1</translation>
    </message>
    <message>
        <source>Remove from what will be sent</source>
        <translation>Retirer de l’envoi</translation>
    </message>
    <message>
        <source>Preview of %1</source>
        <translation>Aperçu de %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>estafette::ComposerContextBar</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancel (Escape)</source>
        <translation>Annuler (Échap)</translation>
    </message>
    <message>
        <source>Replying to %1: %2</source>
        <translation>Réponse à %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Editing your message — Enter saves, Escape cancels</source>
        <translation>Modification de votre message — Entrée enregistre, Échap annule</translation>
    </message>
</context>
<context>
    <name>estafette::ComposerEdit</name>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Enter sends the message, Shift+Enter starts a new line.</source>
        <translation>Entrée envoie le message, Maj+Entrée passe à la ligne.</translation>
    </message>
    <message>
        <source>Write a message…</source>
        <translation>Écrire un message…</translation>
    </message>
</context>
<context>
    <name>estafette::ComposerPanel</name>
    <message>
        <source>Attach files</source>
        <translation>Joindre des fichiers</translation>
    </message>
    <message>
        <source>Attach files (you can also paste them or drop them here)</source>
        <translation>Joindre des fichiers (vous pouvez aussi les coller ou les déposer ici)</translation>
    </message>
    <message>
        <source>Add a caption (optional), then Enter to send…</source>
        <translation>Ajoutez une légende (facultatif), puis Entrée pour envoyer…</translation>
    </message>
</context>
<context>
    <name>estafette::ConnectionIndicator</name>
    <message>
        <source>Connected</source>
        <translation>Connecté</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Reconnexion…</translation>
    </message>
    <message>
        <source>Offline: messages will be sent when the connection returns</source>
        <translation>Hors ligne&#xa0;: les messages partiront au retour de la connexion</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <source>Connection: %1</source>
        <translation>Connexion&#xa0;: %1</translation>
    </message>
    <message>
        <source>Sync stopped</source>
        <translation>Synchronisation arrêtée</translation>
    </message>
    <message>
        <source>%1 Next attempt at %2.</source>
        <translation>%1 Prochaine tentative à %2.</translation>
    </message>
</context>
<context>
    <name>estafette::CreateRoomDialog</name>
    <message>
        <source>New room</source>
        <translation>Nouveau salon</translation>
    </message>
    <message>
        <source>Room name</source>
        <translation>Nom du salon</translation>
    </message>
    <message>
        <source>e.g. Crisis unit</source>
        <translation>ex.&#xa0;: Cellule de crise</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Facultatif</translation>
    </message>
    <message>
        <source>People to invite</source>
        <translation>Personnes à inviter</translation>
    </message>
    <message>
        <source>@marie.dubois:example.gouv.fr, @paul.martin:example.gouv.fr</source>
        <translation>@marie.dubois:exemple.gouv.fr, @paul.martin:exemple.gouv.fr</translation>
    </message>
    <message>
        <source>Create the room</source>
        <translation>Créer le salon</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <source>&amp;Topic</source>
        <translation>&amp;Sujet</translation>
    </message>
    <message>
        <source>&amp;Invite</source>
        <translation>&amp;Inviter</translation>
    </message>
    <message>
        <source>Not a full identifier: %1. Example: @marie.dubois:example.gouv.fr</source>
        <translation>Identifiant incomplet&#xa0;: %1. Exemple&#xa0;: @marie.dubois:exemple.gouv.fr</translation>
    </message>
    <message>
        <source>&amp;Encrypt end to end</source>
        <translation>&amp;Chiffrer de bout en bout</translation>
    </message>
    <message>
        <source>Encrypt end to end</source>
        <translation>Chiffrer de bout en bout</translation>
    </message>
    <message>
        <source>Only the devices of the room&apos;s members can read its messages. Encryption cannot be turned off later.</source>
        <translation>Seuls les appareils des membres du salon peuvent lire ses messages. Le chiffrement ne pourra pas être désactivé ensuite.</translation>
    </message>
    <message>
        <source>Without encryption, the server can read the messages. You can enable encryption later, but never turn it off.</source>
        <translation>Sans chiffrement, le serveur peut lire les messages. Vous pourrez activer le chiffrement plus tard, mais jamais le désactiver.</translation>
    </message>
</context>
<context>
    <name>estafette::DevicesDialog</name>
    <message>
        <source>Devices — %1</source>
        <translation>Appareils — %1</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Appareils</translation>
    </message>
    <message>
        <source>Each device of a person has its own fingerprint. To be sure nobody else reads the conversation, compare it with the one the person sees in their app (in person or by phone).</source>
        <translation>Chaque appareil d’une personne a sa propre empreinte. Pour être sûr que personne d’autre ne lit la conversation, comparez-la avec celle que la personne voit dans son application (de vive voix ou par téléphone).</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Membre</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Device ID</source>
        <translation>Identifiant de l’appareil</translation>
    </message>
    <message>
        <source>Fingerprint (Ed25519)</source>
        <translation>Empreinte (Ed25519)</translation>
    </message>
    <message>
        <source>&amp;Member</source>
        <translation>&amp;Membre</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 — you</source>
        <translation>%1 — vous</translation>
    </message>
    <message>
        <source>End-to-end encryption is not available for this account, so its devices are not tracked.</source>
        <translation>Le chiffrement de bout en bout n’est pas disponible pour ce compte&#xa0;: ses appareils ne sont donc pas suivis.</translation>
    </message>
    <message>
        <source>This room has no members to show.</source>
        <translation>Ce salon n’a aucun membre à afficher.</translation>
    </message>
    <message>
        <source>Looking up the devices of %1…</source>
        <translation>Recherche des appareils de %1…</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>%1 — this device</source>
        <translation>%1 — cet appareil</translation>
    </message>
    <message>
        <source>Ed25519 fingerprint of device %1</source>
        <translation>Empreinte Ed25519 de l’appareil %1</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s) known for %1.</source>
        <translation>
            <numerusform>%n appareil connu pour %1.</numerusform>
            <numerusform>%n appareils connus pour %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>The devices of %1 are not known yet: %1 may not have used an app with end-to-end encryption so far. Try again later.</source>
        <translation>Les appareils de %1 ne sont pas encore connus&#xa0;: %1 n’a peut-être encore utilisé aucune application avec le chiffrement de bout en bout. Réessayez plus tard.</translation>
    </message>
</context>
<context>
    <name>estafette::DirectChatDialog</name>
    <message>
        <source>New direct chat</source>
        <translation>Nouvelle discussion directe</translation>
    </message>
    <message>
        <source>Start the chat</source>
        <translation>Démarrer la discussion</translation>
    </message>
    <message>
        <source>Start a private conversation with one person, always end-to-end encrypted. If you already have one with them, it opens instead.</source>
        <translation>Démarrez une conversation privée avec une personne, toujours chiffrée de bout en bout. Si vous en avez déjà une avec elle, elle s’ouvrira.</translation>
    </message>
</context>
<context>
    <name>estafette::EditHistoryDialog</name>
    <message>
        <source>Edit history</source>
        <translation>Historique des modifications</translation>
    </message>
    <message>
        <source>Versions of the message, oldest first</source>
        <translation>Versions du message, de la plus ancienne à la plus récente</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>pas encore envoyé</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Modifié</translation>
    </message>
</context>
<context>
    <name>estafette::EmojiPicker</name>
    <message>
        <source>Choose a reaction</source>
        <translation>Choisir une réaction</translation>
    </message>
    <message>
        <source>Search (e.g. “bravo”, “merci”)</source>
        <translation>Rechercher (par ex. «&#xa0;bravo&#xa0;», «&#xa0;merci&#xa0;»)</translation>
    </message>
    <message>
        <source>Search for an emoji</source>
        <translation>Rechercher un émoji</translation>
    </message>
    <message>
        <source>Emoji</source>
        <translation>Émojis</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Rechercher&#xa0;:</translation>
    </message>
</context>
<context>
    <name>estafette::EncryptionBadge</name>
    <message>
        <source>End-to-end encrypted</source>
        <translation>Chiffré de bout en bout</translation>
    </message>
    <message>
        <source>End-to-end encrypted: only the devices of this room&apos;s members can read its messages, not the server.</source>
        <translation>Chiffré de bout en bout&#xa0;: seuls les appareils des membres de ce salon peuvent lire ses messages, pas le serveur.</translation>
    </message>
    <message>
        <source>Not encrypted</source>
        <translation>Non chiffré</translation>
    </message>
    <message>
        <source>Not encrypted: the server can read the messages of this room. You can enable end-to-end encryption from the Rooms menu.</source>
        <translation>Non chiffré&#xa0;: le serveur peut lire les messages de ce salon. Vous pouvez activer le chiffrement de bout en bout depuis le menu Salons.</translation>
    </message>
</context>
<context>
    <name>estafette::FoldingTimelineModel</name>
    <message>
        <source>%1, collapsed</source>
        <translation>%1, replié</translation>
    </message>
    <message>
        <source>%1, expanded. %2</source>
        <translation>%1, déplié. %2</translation>
    </message>
</context>
<context>
    <name>estafette::ImageCanvas</name>
    <message>
        <source>Arrow keys move the image, + and − zoom, 0 fits it to the window, Page Up and Page Down show the previous and next image.</source>
        <translation>Les flèches déplacent l’image, + et − zooment, 0 l’ajuste à la fenêtre, Page précédente et Page suivante montrent l’image précédente et la suivante.</translation>
    </message>
</context>
<context>
    <name>estafette::ImageViewer</name>
    <message>
        <source>Previous</source>
        <translation>Précédente</translation>
    </message>
    <message>
        <source>Previous image (Page Up)</source>
        <translation>Image précédente (Page précédente)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Suivante</translation>
    </message>
    <message>
        <source>Next image (Page Down)</source>
        <translation>Image suivante (Page suivante)</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Zoom arrière</translation>
    </message>
    <message>
        <source>Zoom out (−)</source>
        <translation>Zoom arrière (−)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <source>Fit the image to the window (0)</source>
        <translation>Ajuster l’image à la fenêtre (0)</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Zoom avant</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>Zoom avant (+)</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Copy the image (Ctrl+C)</source>
        <translation>Copier l’image (Ctrl+C)</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Enregistrer sous…</translation>
    </message>
    <message>
        <source>Save the original file (Ctrl+S)</source>
        <translation>Enregistrer le fichier d’origine (Ctrl+S)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Close the viewer (Escape)</source>
        <translation>Fermer la visionneuse (Échap)</translation>
    </message>
    <message>
        <source>Loading the image…</source>
        <translation>Chargement de l’image…</translation>
    </message>
    <message>
        <source>This image could not be shown.</source>
        <translation>Cette image n’a pas pu être affichée.</translation>
    </message>
    <message>
        <source>Image viewer</source>
        <translation>Visionneuse d’images</translation>
    </message>
    <message>
        <source>%1 – Image viewer</source>
        <translation>%1 – Visionneuse d’images</translation>
    </message>
    <message>
        <source>%1 of %2 · %3</source>
        <translation>%1 sur %2 · %3</translation>
    </message>
    <message>
        <source>Image %1</source>
        <translation>Image %1</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1&#xa0;%</translation>
    </message>
    <message>
        <source>Zoom %1 %</source>
        <translation>Zoom %1&#xa0;%</translation>
    </message>
    <message>
        <source>The image was copied.</source>
        <translation>L’image a été copiée.</translation>
    </message>
    <message>
        <source>Save the image</source>
        <translation>Enregistrer l’image</translation>
    </message>
    <message>
        <source>image</source>
        <translation>image</translation>
    </message>
    <message>
        <source>There is nothing to save.</source>
        <translation>Il n’y a rien à enregistrer.</translation>
    </message>
    <message>
        <source>The original file is not available.</source>
        <translation>Le fichier d’origine n’est pas disponible.</translation>
    </message>
    <message>
        <source>Saving “%1”…</source>
        <translation>Enregistrement de «&#xa0;%1&#xa0;»…</translation>
    </message>
    <message>
        <source>Saved as “%1”.</source>
        <translation>Enregistré sous «&#xa0;%1&#xa0;».</translation>
    </message>
</context>
<context>
    <name>estafette::InviteBar</name>
    <message>
        <source>Accept</source>
        <translation>Accepter</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <source>Accept the invitation</source>
        <translation>Accepter l’invitation</translation>
    </message>
    <message>
        <source>Decline the invitation</source>
        <translation>Refuser l’invitation</translation>
    </message>
    <message>
        <source>You are invited to join this room.</source>
        <translation>Vous êtes invité à rejoindre ce salon.</translation>
    </message>
    <message>
        <source>%1 invited you to join this room.</source>
        <translation>%1 vous invite à rejoindre ce salon.</translation>
    </message>
</context>
<context>
    <name>estafette::InviteDialog</name>
    <message>
        <source>Invite to the room</source>
        <translation>Inviter dans le salon</translation>
    </message>
    <message>
        <source>Whom do you want to invite to “%1”?</source>
        <translation>Qui voulez-vous inviter dans «&#xa0;%1&#xa0;»&#xa0;?</translation>
    </message>
    <message>
        <source>Invite</source>
        <translation>Inviter</translation>
    </message>
</context>
<context>
    <name>estafette::MainWindow</name>
    <message>
        <source>Estafette — %1</source>
        <translation>Estafette — %1</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Compte</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Rooms</source>
        <translation>&amp;Salons</translation>
    </message>
    <message>
        <source>&amp;New room…</source>
        <translation>&amp;Nouveau salon…</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>New &amp;direct chat…</source>
        <translation>&amp;Discussion directe…</translation>
    </message>
    <message>
        <source>&amp;Invite to this room…</source>
        <translation>&amp;Inviter dans ce salon…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;About Estafette</source>
        <translation>À &amp;propos d’Estafette</translation>
    </message>
    <message>
        <source>Invitation sent.</source>
        <translation>Invitation envoyée.</translation>
    </message>
    <message>
        <source>The room could not be created.</source>
        <translation>Le salon n’a pas pu être créé.</translation>
    </message>
    <message>
        <source>The direct chat could not be started.</source>
        <translation>La discussion directe n’a pas pu être démarrée.</translation>
    </message>
    <message>
        <source>The invitation could not be sent.</source>
        <translation>L’invitation n’a pas pu être envoyée.</translation>
    </message>
    <message>
        <source>The invitation could not be accepted.</source>
        <translation>L’invitation n’a pas pu être acceptée.</translation>
    </message>
    <message>
        <source>The invitation could not be declined.</source>
        <translation>L’invitation n’a pas pu être refusée.</translation>
    </message>
    <message>
        <source>You could not leave the room.</source>
        <translation>Vous n’avez pas pu quitter le salon.</translation>
    </message>
    <message>
        <source>About Estafette</source>
        <translation>À propos d’Estafette</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Estafette&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Secure messaging for state agents, built on the open Matrix protocol.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Estafette&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;La messagerie sécurisée des agents de l’État, fondée sur le protocole ouvert Matrix.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Session &amp;info…</source>
        <translation>&amp;Informations sur la session…</translation>
    </message>
    <message>
        <source>&amp;Enable end-to-end encryption…</source>
        <translation>Activer le &amp;chiffrement de bout en bout…</translation>
    </message>
    <message>
        <source>De&amp;vices of a member…</source>
        <translation>&amp;Appareils d’un membre…</translation>
    </message>
    <message>
        <source>End-to-end encryption is now enabled in this room.</source>
        <translation>Le chiffrement de bout en bout est désormais activé dans ce salon.</translation>
    </message>
    <message>
        <source>End-to-end encryption could not be enabled in this room.</source>
        <translation>Le chiffrement de bout en bout n’a pas pu être activé dans ce salon.</translation>
    </message>
    <message>
        <source>Enable end-to-end encryption</source>
        <translation>Activer le chiffrement de bout en bout</translation>
    </message>
    <message>
        <source>Enable end-to-end encryption in “%1”?</source>
        <translation>Activer le chiffrement de bout en bout dans «&#xa0;%1&#xa0;»&#xa0;?</translation>
    </message>
    <message>
        <source>New messages will be readable only on the devices of the room&apos;s members, no longer by the server. This cannot be undone: once enabled, encryption can never be turned off in this room.

Earlier messages stay as they are. Bots and bridges that do not support encryption will no longer be able to read the room.</source>
        <translation>Les nouveaux messages ne pourront être lus que sur les appareils des membres du salon, et plus par le serveur. C’est irréversible&#xa0;: une fois activé, le chiffrement ne pourra plus jamais être désactivé dans ce salon.

Les messages précédents restent tels quels. Les robots et passerelles qui ne prennent pas en charge le chiffrement ne pourront plus lire le salon.</translation>
    </message>
    <message>
        <source>Enable encryption</source>
        <translation>Activer le chiffrement</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Share your message keys?</source>
        <translation>Partager les clés de vos messages&#xa0;?</translation>
    </message>
    <message>
        <source>Your device “%1” asks for the keys of encrypted messages it can&apos;t read.</source>
        <translation>Votre appareil «&#xa0;%1&#xa0;» demande les clés de messages chiffrés qu’il ne peut pas lire.</translation>
    </message>
    <message>
        <source>Share them only if you have just signed in on that device yourself. Anyone who knows your password, or the server&apos;s administrator, can add a device to your account: with these keys it could read your past encrypted conversations.

Device: %1
Fingerprint: %2</source>
        <translation>Ne les partagez que si vous venez vous-même de vous connecter sur cet appareil. Toute personne qui connaît votre mot de passe, ou l’administrateur du serveur, peut ajouter un appareil à votre compte&#xa0;: avec ces clés, il pourrait lire vos conversations chiffrées passées.

Appareil&#xa0;: %1
Empreinte&#xa0;: %2</translation>
    </message>
    <message>
        <source>Share keys</source>
        <translation>Partager les clés</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Ignorer</translation>
    </message>
    <message>
        <source>&amp;Sign out…</source>
        <translation>Se &amp;déconnecter…</translation>
    </message>
    <message>
        <source>File not sent</source>
        <translation>Fichier non envoyé</translation>
    </message>
    <message>
        <source>File not available</source>
        <translation>Fichier indisponible</translation>
    </message>
    <message>
        <source>&amp;Private read receipts</source>
        <translation>Accusés de lecture &amp;privés</translation>
    </message>
    <message>
        <source>Others are not told which messages you have read</source>
        <translation>Les autres ne savent pas quels messages vous avez lus</translation>
    </message>
</context>
<context>
    <name>estafette::MediaActions</name>
    <message>
        <source>Save the file</source>
        <translation>Enregistrer le fichier</translation>
    </message>
    <message>
        <source>The copy on this computer is damaged: the file was not saved.</source>
        <translation>La copie sur cet ordinateur est endommagée&#xa0;: le fichier n’a pas été enregistré.</translation>
    </message>
    <message>
        <source>Open a program?</source>
        <translation>Ouvrir un programme&#xa0;?</translation>
    </message>
    <message>
        <source>“%1” is a program or a script. Opening it may run it on this computer. Open it anyway?</source>
        <translation>«&#xa0;%1&#xa0;» est un programme ou un script. L’ouvrir peut l’exécuter sur cet ordinateur. L’ouvrir quand même&#xa0;?</translation>
    </message>
    <message>
        <source>No private folder could be made to open the file.</source>
        <translation>Aucun dossier privé n’a pu être créé pour ouvrir le fichier.</translation>
    </message>
    <message>
        <source>The file on this computer cannot be read.</source>
        <translation>Le fichier sur cet ordinateur ne peut pas être lu.</translation>
    </message>
</context>
<context>
    <name>estafette::MediaPlayerWindow</name>
    <message>
        <source>Player</source>
        <translation>Lecteur</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Vidéo</translation>
    </message>
    <message>
        <source>Double click or F: full screen.</source>
        <translation>Double-clic ou F&#xa0;: plein écran.</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation>Lecture ou pause (Espace)</translation>
    </message>
    <message>
        <source>Sound off or on (M)</source>
        <translation>Couper ou rétablir le son (M)</translation>
    </message>
    <message>
        <source>Full screen (F)</source>
        <translation>Plein écran (F)</translation>
    </message>
    <message>
        <source>%1 – Player</source>
        <translation>%1 – Lecteur</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Lire</translation>
    </message>
    <message>
        <source>This file can&apos;t be played: its format is not supported or it is damaged.</source>
        <translation>Ce fichier ne peut pas être lu&#xa0;: son format n’est pas pris en charge ou il est endommagé.</translation>
    </message>
    <message>
        <source>This file can&apos;t be read.</source>
        <translation>Ce fichier ne peut pas être lu.</translation>
    </message>
    <message>
        <source>This file can&apos;t be played.</source>
        <translation>Ce fichier ne peut pas être lu.</translation>
    </message>
    <message>
        <source>(%1)</source>
        <translation>(%1)</translation>
    </message>
    <message>
        <source>Sound on</source>
        <translation>Rétablir le son</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Couper le son</translation>
    </message>
    <message>
        <source>Leave full screen</source>
        <translation>Quitter le plein écran</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Plein écran</translation>
    </message>
</context>
<context>
    <name>estafette::MediaSession</name>
    <message>
        <source>The file could not be prepared for sending.</source>
        <translation>L’envoi du fichier n’a pas pu être préparé.</translation>
    </message>
</context>
<context>
    <name>estafette::MediaThumbnails</name>
    <message>
        <source>The picture could not be read.</source>
        <translation>L’image n’a pas pu être lue.</translation>
    </message>
    <message>
        <source>The picture is damaged or too large to show.</source>
        <translation>L’image est endommagée ou trop grande pour être affichée.</translation>
    </message>
    <message>
        <source>The picture is damaged and cannot be shown.</source>
        <translation>L’image est endommagée et ne peut pas être affichée.</translation>
    </message>
    <message>
        <source>Pictures are not available for this account.</source>
        <translation>Les images ne sont pas disponibles pour ce compte.</translation>
    </message>
    <message>
        <source>No preview: the file is large. Open it to see it.</source>
        <translation>Pas d’aperçu&#xa0;: le fichier est volumineux. Ouvrez-le pour le voir.</translation>
    </message>
</context>
<context>
    <name>estafette::MentionCompleter</name>
    <message>
        <source>Members to mention</source>
        <translation>Membres à mentionner</translation>
    </message>
    <message>
        <source>@room — notify everyone in the room</source>
        <translation>@room — prévenir tout le salon</translation>
    </message>
</context>
<context>
    <name>estafette::RedactDialog</name>
    <message>
        <source>Delete the message</source>
        <translation>Supprimer le message</translation>
    </message>
    <message>
        <source>Delete this message for everyone in the room? This cannot be undone.</source>
        <translation>Supprimer ce message pour tous les membres du salon&#xa0;? Cette action est définitive.</translation>
    </message>
    <message>
        <source>Delete this message for everyone in the room? Its author will see that you deleted it. This cannot be undone.</source>
        <translation>Supprimer ce message pour tous les membres du salon&#xa0;? Son auteur verra que vous l’avez supprimé. Cette action est définitive.</translation>
    </message>
    <message>
        <source>&amp;Reason (optional):</source>
        <translation>&amp;Motif (facultatif)&#xa0;:</translation>
    </message>
    <message>
        <source>Reason (optional)</source>
        <translation>Motif (facultatif)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
</context>
<context>
    <name>estafette::RoomHeader</name>
    <message>
        <source>Room name</source>
        <translation>Nom du salon</translation>
    </message>
    <message>
        <source>Room topic</source>
        <translation>Sujet du salon</translation>
    </message>
</context>
<context>
    <name>estafette::RoomImageSource</name>
    <message>
        <source>The picture is damaged and cannot be shown.</source>
        <translation>L’image est endommagée et ne peut pas être affichée.</translation>
    </message>
    <message>
        <source>The picture is not downloaded yet.</source>
        <translation>L’image n’est pas encore téléchargée.</translation>
    </message>
    <message>
        <source>The picture on this computer is damaged: it was not saved.</source>
        <translation>L’image sur cet ordinateur est endommagée&#xa0;: elle n’a pas été enregistrée.</translation>
    </message>
</context>
<context>
    <name>estafette::RoomListDelegate</name>
    <message>
        <source>Invitation</source>
        <translation>Invitation</translation>
    </message>
    <message>
        <source>You are invited</source>
        <translation>Vous êtes invité</translation>
    </message>
    <message>
        <source>Invited by %1</source>
        <translation>Invitation de %1</translation>
    </message>
</context>
<context>
    <name>estafette::RoomListModel</name>
    <message>
        <source>invitation</source>
        <translation>invitation</translation>
    </message>
    <message>
        <source>invitation from %1</source>
        <translation>invitation de %1</translation>
    </message>
    <message>
        <source>direct chat</source>
        <translation>discussion directe</translation>
    </message>
    <message>
        <source>end-to-end encrypted</source>
        <translation>chiffré de bout en bout</translation>
    </message>
    <message>
        <source>1 unread message</source>
        <translation>1 message non lu</translation>
    </message>
    <message>
        <source>%1 unread messages</source>
        <translation>%1 messages non lus</translation>
    </message>
    <message>
        <source>including 1 mention</source>
        <translation>dont 1 mention</translation>
    </message>
    <message>
        <source>including %1 mentions</source>
        <translation>dont %1 mentions</translation>
    </message>
    <message>
        <source>last message: %1</source>
        <translation>dernier message&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>estafette::RoomListPanel</name>
    <message>
        <source>Filter rooms</source>
        <translation>Filtrer les salons</translation>
    </message>
    <message>
        <source>Search rooms</source>
        <translation>Rechercher un salon</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Salons</translation>
    </message>
    <message>
        <source>Clear the filter</source>
        <translation>Effacer le filtre</translation>
    </message>
</context>
<context>
    <name>estafette::RoomView</name>
    <message>
        <source>Choose a room on the left to read its messages.</source>
        <translation>Choisissez un salon à gauche pour lire ses messages.</translation>
    </message>
</context>
<context>
    <name>estafette::SessionInfoDialog</name>
    <message>
        <source>Session info</source>
        <translation>Informations sur la session</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>This device</source>
        <translation>Cet appareil</translation>
    </message>
    <message>
        <source>Fingerprint (Ed25519)</source>
        <translation>Empreinte (Ed25519)</translation>
    </message>
    <message>
        <source>&amp;Copy the fingerprint</source>
        <translation>&amp;Copier l’empreinte</translation>
    </message>
    <message>
        <source>Messages in encrypted rooms are encrypted for each device. The people you talk to can check that this device is really yours by comparing this fingerprint with the one their app shows for it.</source>
        <translation>Dans les salons chiffrés, les messages sont chiffrés pour chaque appareil. Vos interlocuteurs peuvent vérifier que cet appareil est bien le vôtre en comparant cette empreinte avec celle que leur application affiche pour lui.</translation>
    </message>
    <message>
        <source>End-to-end encryption is not available for this session yet.</source>
        <translation>Le chiffrement de bout en bout n’est pas encore disponible pour cette session.</translation>
    </message>
</context>
<context>
    <name>estafette::SignInWindow</name>
    <message>
        <source>Estafette — Sign in</source>
        <translation>Estafette — Connexion</translation>
    </message>
    <message>
        <source>Estafette</source>
        <translation>Estafette</translation>
    </message>
    <message>
        <source>Secure messaging for state agents</source>
        <translation>La messagerie sécurisée des agents de l’État</translation>
    </message>
    <message>
        <source>Sign-in error</source>
        <translation>Erreur de connexion</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Homeserver</source>
        <translation>Serveur d’accueil</translation>
    </message>
    <message>
        <source>matrix.example.gouv.fr</source>
        <translation>matrix.exemple.gouv.fr</translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <source>firstname.lastname or @firstname.lastname:server</source>
        <translation>prenom.nom ou @prenom.nom:serveur</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>&amp;Homeserver</source>
        <translation>&amp;Serveur d’accueil</translation>
    </message>
    <message>
        <source>&amp;Identifier</source>
        <translation>&amp;Identifiant</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Mot de passe</translation>
    </message>
    <message>
        <source>Please fill in the homeserver, your identifier and your password.</source>
        <translation>Veuillez renseigner le serveur d’accueil, votre identifiant et votre mot de passe.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Connexion en cours…</translation>
    </message>
</context>
<context>
    <name>estafette::SignOutDialog</name>
    <message>
        <source>Sign out</source>
        <translation>Se déconnecter</translation>
    </message>
    <message>
        <source>Sign out of %1 on this computer?</source>
        <translation>Se déconnecter de %1 sur cet ordinateur&#xa0;?</translation>
    </message>
    <message>
        <source>Your encrypted messages will no longer be readable on this computer: the keys that decrypt them are kept only here and will be erased with the rest of your local data.

Your other devices keep their own keys and can still read the messages they received.</source>
        <translation>Vos messages chiffrés ne seront plus lisibles sur cet ordinateur&#xa0;: les clés qui les déchiffrent ne sont conservées qu’ici et seront effacées avec le reste de vos données locales.

Vos autres appareils gardent leurs propres clés et peuvent toujours lire les messages qu’ils ont reçus.</translation>
    </message>
    <message>
        <source>Sign out and erase</source>
        <translation>Se déconnecter et effacer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>estafette::StateRuns</name>
    <message numerus="yes">
        <source>(%n events)</source>
        <translation>
            <numerusform>(%n événement)</numerusform>
            <numerusform>(%n événements)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>estafette::StoreProblemDialog</name>
    <message>
        <source>The system keychain is not available</source>
        <translation>Le trousseau de clés du système n’est pas disponible</translation>
    </message>
    <message>
        <source>The key to your local data is missing</source>
        <translation>La clé de vos données locales est introuvable</translation>
    </message>
    <message>
        <source>Your local data cannot be opened</source>
        <translation>Vos données locales ne peuvent pas être ouvertes</translation>
    </message>
    <message>
        <source>Encryption is not working</source>
        <translation>Le chiffrement ne fonctionne pas</translation>
    </message>
    <message>
        <source>Your local data cannot be read or written</source>
        <translation>Vos données locales ne peuvent être ni lues ni écrites</translation>
    </message>
    <message>
        <source>Your local data could not be updated</source>
        <translation>Vos données locales n’ont pas pu être mises à jour</translation>
    </message>
    <message>
        <source>Problem with your local data</source>
        <translation>Problème avec vos données locales</translation>
    </message>
    <message>
        <source>If it cannot be recovered, sign in again with a fresh database: your rooms and messages will be downloaded again from the server. The old files are kept aside in %1; nothing is deleted.</source>
        <translation>Si elle ne peut pas être récupérée, reconnectez-vous avec une base de données neuve&#xa0;: vos salons et vos messages seront de nouveau téléchargés depuis le serveur. Les anciens fichiers sont mis de côté dans %1&#xa0;; rien n’est supprimé.</translation>
    </message>
    <message>
        <source>Estafette keeps the key to your encrypted local data in the system keychain, and cannot reach it right now. Without the keychain, Estafette neither opens your data nor writes anything unencrypted.</source>
        <translation>Estafette conserve la clé de vos données locales chiffrées dans le trousseau de clés du système, et ne peut pas y accéder pour le moment. Sans le trousseau, Estafette n’ouvre pas vos données et n’écrit rien en clair.</translation>
    </message>
    <message>
        <source>Unlock or start your keychain (for example GNOME Keyring or KWallet), then choose Retry.</source>
        <translation>Déverrouillez ou démarrez votre trousseau (par exemple GNOME Keyring ou KWallet), puis choisissez Réessayer.</translation>
    </message>
    <message>
        <source>Your rooms and messages are kept on this computer in an encrypted database, but its key is no longer in the system keychain (the entry may have been deleted or the keychain reset). Without its key the database cannot be opened.</source>
        <translation>Vos salons et vos messages sont conservés sur cet ordinateur dans une base de données chiffrée, mais sa clé ne se trouve plus dans le trousseau de clés du système (l’entrée a pu être supprimée ou le trousseau réinitialisé). Sans sa clé, la base de données ne peut pas être ouverte.</translation>
    </message>
    <message>
        <source>If you can restore the keychain, do so and choose Retry.</source>
        <translation>Si vous pouvez restaurer le trousseau, faites-le puis choisissez Réessayer.</translation>
    </message>
    <message>
        <source>The encrypted database on this computer cannot be read with the key from the system keychain: either the key does not match this database or the file is damaged.</source>
        <translation>La base de données chiffrée de cet ordinateur ne peut pas être lue avec la clé du trousseau de clés du système&#xa0;: soit la clé ne correspond pas à cette base, soit le fichier est endommagé.</translation>
    </message>
    <message>
        <source>Before writing anything, Estafette checks that its database library really encrypts what it stores. This check failed, so Estafette stops here to keep your data safe. This is an installation problem: reinstall Estafette or contact your administrator.</source>
        <translation>Avant d’écrire quoi que ce soit, Estafette vérifie que sa bibliothèque de base de données chiffre réellement ce qu’elle enregistre. Cette vérification a échoué&#xa0;: Estafette s’arrête ici pour protéger vos données. Il s’agit d’un problème d’installation&#xa0;: réinstallez Estafette ou contactez votre administrateur.</translation>
    </message>
    <message>
        <source>Estafette could not read or write its files in %1. The disk may be full or the folder may not be writable.</source>
        <translation>Estafette n’a pas pu lire ou écrire ses fichiers dans %1. Le disque est peut-être plein, ou le dossier n’est pas accessible en écriture.</translation>
    </message>
    <message>
        <source>Free some space or fix the folder&apos;s permissions, then choose Retry.</source>
        <translation>Libérez de l’espace ou corrigez les droits du dossier, puis choisissez Réessayer.</translation>
    </message>
    <message>
        <source>This version of Estafette needs to update the format of your local database, and the update failed. The file was left as it was. Use the version of Estafette you had before, or contact your administrator.</source>
        <translation>Cette version d’Estafette doit mettre à jour le format de votre base de données locale, et cette mise à jour a échoué. Le fichier a été laissé tel quel. Utilisez la version d’Estafette que vous aviez auparavant, ou contactez votre administrateur.</translation>
    </message>
    <message>
        <source>Estafette — local data</source>
        <translation>Estafette — données locales</translation>
    </message>
    <message>
        <source>Technical detail: %1</source>
        <translation>Détail technique&#xa0;: %1</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Sign in again with a fresh database</source>
        <translation>&amp;Se reconnecter avec une base neuve</translation>
    </message>
    <message>
        <source>The old files are kept aside in %1</source>
        <translation>Les anciens fichiers sont mis de côté dans %1</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Réessayer</translation>
    </message>
</context>
<context>
    <name>estafette::SyncProblemBar</name>
    <message>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Sync problem</source>
        <translation>Problème de synchronisation</translation>
    </message>
    <message>
        <source>Start receiving messages again</source>
        <translation>Recevoir à nouveau les messages</translation>
    </message>
</context>
<context>
    <name>estafette::TimelineDelegate</name>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Hier</translation>
    </message>
    <message>
        <source>Some messages are missing — load them</source>
        <translation>Des messages manquent — les charger</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Envoi en cours…</translation>
    </message>
    <message>
        <source>Not sent — click to retry, right-click to delete</source>
        <translation>Non envoyé — cliquez pour réessayer, clic droit pour supprimer</translation>
    </message>
    <message>
        <source>This picture could not be shown.</source>
        <translation>Cette image n’a pas pu être affichée.</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n other(s) reacted with %2</source>
        <translation>
            <numerusform>Réaction %2 de %1 et %n autre personne</numerusform>
            <numerusform>Réaction %2 de %1 et %n autres personnes</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 reacted with %2</source>
        <translation>Réaction %2 de %1</translation>
    </message>
    <message>
        <source>In reply to</source>
        <translation>En réponse à</translation>
    </message>
    <message>
        <source>Original message not loaded — click to show it</source>
        <translation>Message d’origine non chargé — cliquez pour l’afficher</translation>
    </message>
    <message>
        <source>(edited)</source>
        <translation>(modifié)</translation>
    </message>
    <message>
        <source>New messages</source>
        <translation>Nouveaux messages</translation>
    </message>
    <message>
        <source>Read by %1</source>
        <translation>Lu par %1</translation>
    </message>
</context>
<context>
    <name>estafette::TimelineModel</name>
    <message>
        <source>Some messages are not loaded yet</source>
        <translation>Certains messages ne sont pas encore chargés</translation>
    </message>
    <message>
        <source>Image: %1</source>
        <translation>Image&#xa0;: %1</translation>
    </message>
    <message>
        <source>Video: %1</source>
        <translation>Vidéo&#xa0;: %1</translation>
    </message>
    <message>
        <source>Sound: %1</source>
        <translation>Son&#xa0;: %1</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Fichier&#xa0;: %1</translation>
    </message>
    <message>
        <source>Message deleted</source>
        <translation>Message supprimé</translation>
    </message>
    <message>
        <source>(edited)</source>
        <translation>(modifié)</translation>
    </message>
    <message>
        <source>Mentions you: %1</source>
        <translation>Vous mentionne&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>estafette::TimelineView</name>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>&amp;Retry sending</source>
        <translation>&amp;Réessayer l’envoi</translation>
    </message>
    <message>
        <source>&amp;Delete this message</source>
        <translation>&amp;Supprimer ce message</translation>
    </message>
    <message>
        <source>&amp;Open the image</source>
        <translation>&amp;Ouvrir l’image</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>&amp;Lire</translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation>&amp;Enregistrer sous…</translation>
    </message>
    <message>
        <source>Open with the &amp;default application</source>
        <translation>Ouvrir avec l’application par &amp;défaut</translation>
    </message>
    <message>
        <source>&amp;Cancel the upload</source>
        <translation>&amp;Annuler l’envoi</translation>
    </message>
    <message>
        <source>↑ New messages</source>
        <translation>↑ Nouveaux messages</translation>
    </message>
    <message>
        <source>Go to the first unread message</source>
        <translation>Aller au premier message non lu</translation>
    </message>
    <message>
        <source>&amp;Hide details</source>
        <translation>&amp;Masquer les détails</translation>
    </message>
    <message>
        <source>&amp;Show details</source>
        <translation>&amp;Afficher les détails</translation>
    </message>
    <message>
        <source>&amp;Other reaction…</source>
        <translation>&amp;Autre réaction…</translation>
    </message>
</context>
<context>
    <name>estafette::TypingIndicator</name>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 écrit…</translation>
    </message>
    <message>
        <source>%1 and %2 are typing…</source>
        <translation>%1 et %2 écrivent…</translation>
    </message>
    <message>
        <source>%1, %2 and %3 are typing…</source>
        <translation>%1, %2 et %3 écrivent…</translation>
    </message>
    <message>
        <source>Several people are typing…</source>
        <translation>Plusieurs personnes écrivent…</translation>
    </message>
</context>
<context>
    <name>estafette::UserIdDialog</name>
    <message>
        <source>User identifier</source>
        <translation>Identifiant de la personne</translation>
    </message>
    <message>
        <source>@firstname.lastname:example.gouv.fr</source>
        <translation>@prenom.nom:exemple.gouv.fr</translation>
    </message>
    <message>
        <source>&amp;Identifier</source>
        <translation>&amp;Identifiant</translation>
    </message>
    <message>
        <source>A full identifier starts with @ and contains the server, for example @marie.dubois:example.gouv.fr.</source>
        <translation>Un identifiant complet commence par @ et contient le serveur, par exemple @marie.dubois:exemple.gouv.fr.</translation>
    </message>
    <message>
        <source>This is not a full identifier. Example: @marie.dubois:example.gouv.fr</source>
        <translation>Ce n’est pas un identifiant complet. Exemple&#xa0;: @marie.dubois:exemple.gouv.fr</translation>
    </message>
</context>
</TS>
