// libFuzzer target: bytes as a /sync or /messages response through the parser, then every typed view over
// every event it kept, and the text functions over every message. Built and run by scripts/fuzz sync_parser.
#include "fuzz_checks.h"

#include "events/event.h"
#include "events/event_description.h"
#include "events/media_content.h"
#include "sync/sync_delta.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

using namespace estafette;

namespace {

volatile std::size_t g_sink; // keeps the results of the views from being optimised away

void consume(const QString &s) { g_sink = g_sink + std::size_t(s.size()); }

void exerciseMedia(const Event &event)
{
    const MediaContent media = MediaContent::fromEvent(event);
    consume(media.msgtype());
    consume(media.problemText());
    consume(media.problemDetail());
    consume(media.fileName());
    consume(media.safeFileName());
    consume(media.caption());
    consume(media.mimeType());
    consume(media.source().url);
    g_sink = g_sink + std::size_t(media.size() + media.durationMs() + media.dimensions().width());
    g_sink = g_sink + std::size_t(media.isExecutable());
    if (media.hasThumbnail())
        consume(media.thumbnail().source.url);
    consume(media.thumbnailProblem());
    const MediaContent echo = MediaContent::fromLocalEcho(event);
    consume(echo.problemText());
}

void exercise(const Event &event)
{
    consume(event.type());
    g_sink = g_sink + std::size_t(event.kind());
    consume(event.eventId());
    consume(event.sender());
    g_sink = g_sink + std::size_t(event.originServerTs());
    g_sink = g_sink + std::size_t(event.timestamp().isValid());
    g_sink = g_sink + std::size_t(event.isState());
    consume(event.stateKey());
    g_sink = g_sink + std::size_t(event.content().size() + event.prevContent().size() + event.unsignedData().size());
    consume(event.transactionId());
    g_sink = g_sink + std::size_t(event.isRedacted());

    const RoomMessageView message(event);
    consume(message.msgtype());
    consume(message.format());
    const MemberView member(event);
    consume(member.userId());
    consume(member.membership());
    consume(member.prevMembership());
    consume(member.displayName());
    consume(member.prevDisplayName());
    consume(member.avatarUrl());
    consume(member.reason());
    g_sink = g_sink + std::size_t(member.isDirect());

    exerciseMedia(event);

    const NameLookup nameOf = [](const QString &userId) { return userId; };
    consume(describeEvent(event, nameOf));
    consume(describeSenderTrust(event, nameOf));
    consume(describeUnreadable(event));
    consume(previewEvent(event, nameOf));

    if (event.kind() == EventKind::Message)
        fuzz::exerciseMessageText(message.body(), message.formattedBody());
}

void exerciseAll(const QList<Event> &events)
{
    for (const Event &event : events)
        exercise(event);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::initialise(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const SyncParseResult sync = parseSyncResponse(body);
    if (sync.ok) {
        const SyncDelta &delta = sync.delta;
        consume(delta.nextBatch);
        for (const RoomDelta &room : delta.rooms) {
            consume(room.roomId);
            consume(room.prevBatch);
            exerciseAll(room.state);
            exerciseAll(room.timeline);
            exerciseAll(room.accountData);
            exerciseAll(room.ephemeral);
        }
        exerciseAll(delta.accountData);
        exerciseAll(delta.toDevice);
    } else if (sync.error.isEmpty()) {
        std::abort(); // a rejected response always says why
    }
    if (const std::optional<MessagesPage> page = parseMessagesResponse(body)) {
        exerciseAll(page->chunk);
        exerciseAll(page->state);
        consume(page->end);
    }
    return 0;
}
