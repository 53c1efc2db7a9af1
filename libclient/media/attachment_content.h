#pragma once

#include "media/outgoing_attachment.h"

#include <QJsonObject>

#include <optional>

namespace estafette {

// The m.room.message content of an uploaded attachment (spec: m.image, m.video, m.audio, m.file): msgtype,
// body (the caption, or the file's name), filename, and info {mimetype, size, w, h (image, video), duration
// (video, audio), thumbnail_info {mimetype, size, w, h}}.
// In the clear (`encrypted` false): "url" and info.thumbnail_url. For an encrypted room: "file" and
// info.thumbnail_file, EncryptedFile objects holding the keys: that content must go through the room's
// encryption as a whole, never out as it is.
// nullopt when something is missing: the msgtype is none of the four, the file (or a thumbnail it has) has no
// mxc:// URL yet, the URLs were uploaded for the other form (uploadedEncrypted), or a key is not valid. So an
// event never names a file that did not arrive.
std::optional<QJsonObject> attachmentContent(const OutgoingAttachment &attachment, bool encrypted);

// What the local echo shows while the uploads run: the same without url/file (nor any key).
QJsonObject attachmentEchoContent(const OutgoingAttachment &attachment);

} // namespace estafette
