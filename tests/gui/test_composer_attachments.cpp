// The composer's attachments, offscreen: files chosen through the attach button's file dialog (typed into it as
// a person would), an image pasted from the clipboard (decoded data encoded as PNG; PNG bytes passed through
// untouched; text with a picture beside it stays text), two files and a folder dropped onto the room view
// (drag events dispatched the way Qt dispatches them) and onto the editor; the tray's previews (thumbnail made
// off the GUI thread, oriented and scaled; icons for other files; a damaged image and an empty file said so),
// remove buttons and Escape, "send as file", Enter confirming with the text as caption, what waits kept per room,
// and what a screen reader gets from it all.
#include "accessibility_audit.h"
#include "composer/attachment_mime.h"
#include "composer/attachment_tray.h"
#include "composer/attachment_tray_item.h"
#include "composer/composer_panel.h"
#include "composer_edit.h"
#include "media/attachment_source.h"
#include "media/file_type_icon.h"
#include "media/size_text.h"
#include "room_view.h"
#include "rooms/room.h"
#include "timeline/timeline_view.h"

#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace estafette;
using namespace estafette::test;

namespace {

// A picture with distinct corners, so a wrong orientation or a swapped pixel would show.
QImage testImage(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(QColor(40, 120, 200));
    for (int y = 0; y < height / 4; ++y)
        for (int x = 0; x < width / 4; ++x)
            image.setPixelColor(x, y, QColor(230, 30, 30));
    for (int y = 0; y < height; ++y)
        image.setPixelColor(width - 1, y, QColor(y % 256, 255 - y % 256, 7));
    return image;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return QString();
    return path;
}

QString writeImage(const QTemporaryDir &dir, const QString &name, const QImage &image, const char *format)
{
    const QString path = dir.filePath(name);
    return image.save(path, format) ? path : QString();
}

QMimeData *urlsMime(const QStringList &paths)
{
    auto *mime = new QMimeData;
    QList<QUrl> urls;
    for (const QString &path : paths)
        urls << QUrl::fromLocalFile(path);
    mime->setUrls(urls);
    return mime;
}

// Waits until every item of the tray has its preview.
bool previewsReady(AttachmentTray *tray)
{
    for (int i = 0; i < tray->count(); ++i)
        if (!tray->item(i)->isPreviewReady())
            return false;
    return true;
}

QList<AttachmentSource> sourcesOf(const QSignalSpy &spy, int signalIndex, int argument)
{
    return spy.at(signalIndex).at(argument).value<QList<AttachmentSource>>();
}

} // namespace

class TestComposerAttachments : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_panel = new ComposerPanel;
        m_panel->resize(700, 200);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel));
    }

    void cleanup()
    {
        delete m_panel;
        m_panel = nullptr;
        QApplication::clipboard()->clear();
    }

    void attachButtonOpensAFileDialogForSeveralFiles()
    {
        const QString text =
            writeFile(m_dir, QStringLiteral("report.txt"), QByteArray("rapport de visite\n").repeated(50));
        const QString photo = writeImage(m_dir, QStringLiteral("whiteboard.png"), testImage(400, 300), "PNG");
        QVERIFY(!text.isEmpty() && !photo.isEmpty());
        QSignalSpy confirmed(m_panel, &ComposerPanel::attachmentsConfirmed);
        QSignalSpy texts(m_panel, &ComposerPanel::textSubmitted);

        // The button is reached with the keyboard and pressed with Space, as a person without a mouse would.
        QToolButton *attach = m_panel->attachButton();
        QVERIFY(!attach->accessibleName().isEmpty());
        attach->setFocus(Qt::TabFocusReason);
        QTest::keyClick(attach, Qt::Key_Space);
        QFileDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_panel->findChild<QFileDialog *>(QStringLiteral("attachDialog")))
                    && dialog->isVisible());
        QCOMPARE(dialog->fileMode(), QFileDialog::ExistingFiles);
        dialog->setDirectory(m_dir.path());
        auto *nameEdit = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
        QVERIFY(nameEdit);
        dialog->activateWindow();
        QTRY_VERIFY(dialog->isActiveWindow());
        // Both names in the dialog's own syntax (typing them lets its completer change the text as it goes).
        nameEdit->setText(QStringLiteral("\"report.txt\" \"whiteboard.png\""));
        QTest::keyClick(nameEdit, Qt::Key_Return);
        QTRY_VERIFY(!dialog || !dialog->isVisible());

        AttachmentTray *tray = m_panel->tray();
        QTRY_COMPARE(tray->count(), 2);
        QVERIFY(tray->isVisible());
        QTRY_VERIFY(previewsReady(tray));
        QCOMPARE(tray->item(0)->fileName(), QStringLiteral("report.txt"));
        QCOMPARE(tray->item(1)->fileName(), QStringLiteral("whiteboard.png"));

        // The text file: an icon, its size and kind; no "send as file" (it is a file already).
        const AttachmentPreview &doc = tray->item(0)->preview();
        QCOMPARE(doc.mimeType, QStringLiteral("text/plain"));
        QCOMPARE(doc.size, QFileInfo(text).size());
        QVERIFY(!doc.isImage);
        QVERIFY(doc.thumbnail.isNull());
        QVERIFY(tray->item(0)->sendAsFileBox()->isHidden());
        auto *details = tray->item(0)->findChild<QLabel *>(QStringLiteral("attachmentDetails"));
        QVERIFY(details->text().contains(SizeText::format(QFileInfo(text).size())));
        QVERIFY(details->text().contains(FileTypeIcon::description(FileTypeIcon::Kind::Text)));

        // The photo: a thumbnail that fits the tray's 56 px box, its proportions kept, its colours those of the
        // photo; "send as file" offered.
        const AttachmentPreview &image = tray->item(1)->preview();
        QCOMPARE(image.mimeType, QStringLiteral("image/png"));
        QVERIFY(image.isImage);
        const int box = qRound(56 * m_panel->devicePixelRatioF());
        QCOMPARE(image.thumbnail.width(), box);
        QVERIFY(qAbs(image.thumbnail.height() - box * 3 / 4) <= 1);
        QCOMPARE(image.thumbnail.pixelColor(2, 2).red() > 180, true);
        QCOMPARE(image.thumbnail.pixelColor(image.thumbnail.width() / 2, image.thumbnail.height() - 3).blue() > 150,
                 true);
        QVERIFY(!tray->item(1)->sendAsFileBox()->isHidden());

        // A caption, then Enter: one confirmation, files in the order chosen, caption as typed; tray and editor
        // emptied; no text message.
        m_panel->edit()->setFocus();
        QTest::keyClicks(m_panel->edit(), QStringLiteral("Visite du site"));
        QTest::keyClick(m_panel->edit(), Qt::Key_Return);
        QCOMPARE(confirmed.count(), 1);
        QCOMPARE(texts.count(), 0);
        const QList<AttachmentSource> sources = sourcesOf(confirmed, 0, 0);
        QCOMPARE(sources.size(), 2);
        QCOMPARE(sources.at(0).path, QFileInfo(text).absoluteFilePath());
        QCOMPARE(sources.at(0).fileName, QStringLiteral("report.txt"));
        QCOMPARE(sources.at(1).path, QFileInfo(photo).absoluteFilePath());
        QVERIFY(!sources.at(1).sendAsFile);
        QCOMPARE(confirmed.at(0).at(1).toString(), QStringLiteral("Visite du site"));
        QVERIFY(tray->isEmpty());
        QVERIFY(!tray->isVisible());
        QVERIFY(m_panel->edit()->toPlainText().isEmpty());

        // Without attachments, Enter sends text again, and an empty editor sends nothing.
        QTest::keyClick(m_panel->edit(), Qt::Key_Return);
        QCOMPARE(texts.count(), 0);
        QTest::keyClicks(m_panel->edit(), QStringLiteral("merci"));
        QTest::keyClick(m_panel->edit(), Qt::Key_Return);
        QCOMPARE(texts.count(), 1);
        QCOMPARE(confirmed.count(), 1);
    }

    void enterWithoutCaptionConfirmsAndSendAsFileIsKept()
    {
        const QString photo = writeImage(m_dir, QStringLiteral("site.jpg"), testImage(640, 480), "JPEG");
        const QString other = writeImage(m_dir, QStringLiteral("plan.png"), testImage(64, 64), "PNG");
        m_panel->addFiles({photo, other, photo}); // the same file twice is added once
        AttachmentTray *tray = m_panel->tray();
        QCOMPARE(tray->count(), 2);
        QTRY_VERIFY(previewsReady(tray));
        QCOMPARE(tray->item(0)->preview().mimeType, QStringLiteral("image/jpeg"));
        QCheckBox *asFile = tray->item(0)->sendAsFileBox();
        QVERIFY(asFile->accessibleName().contains(asFile->text()));
        QVERIFY(asFile->accessibleName().contains(QStringLiteral("site.jpg")));
        asFile->setFocus(Qt::TabFocusReason);
        QTest::keyClick(asFile, Qt::Key_Space);
        QVERIFY(asFile->isChecked());

        QSignalSpy confirmed(m_panel, &ComposerPanel::attachmentsConfirmed);
        m_panel->edit()->setFocus();
        QTest::keyClick(m_panel->edit(), Qt::Key_Return);
        QCOMPARE(confirmed.count(), 1);
        const QList<AttachmentSource> sources = sourcesOf(confirmed, 0, 0);
        QCOMPARE(sources.size(), 2);
        QVERIFY(sources.at(0).sendAsFile);
        QVERIFY(!sources.at(1).sendAsFile);
        QVERIFY(confirmed.at(0).at(1).toString().isEmpty());
    }

    void aTurnedPhotoHasAnUprightThumbnail()
    {
        // EXIF orientation 6 (turn 90° clockwise): stored 400×200, shown 200×400.
        const QString photo = writeImage(m_dir, QStringLiteral("turned.jpg"), testImage(400, 200), "JPEG");
        QProcess exiftool;
        exiftool.start(QStringLiteral("exiftool"),
                       {QStringLiteral("-q"), QStringLiteral("-overwrite_original"), QStringLiteral("-n"),
                        QStringLiteral("-Orientation=6"), photo});
        QVERIFY2(exiftool.waitForFinished(30000) && exiftool.exitCode() == 0,
                 qPrintable(QString::fromLocal8Bit(exiftool.readAllStandardError())));
        QImageReader check(photo);
        QCOMPARE(check.transformation(), QImageIOHandler::TransformationRotate90);

        const AttachmentPreview preview = AttachmentPreviewer::previewFile(photo, QSize(56, 56));
        QVERIFY(preview.isImage);
        QCOMPARE(preview.thumbnail.size(), QSize(28, 56));
        // The red corner (top left as stored) is at the top right once turned clockwise.
        QVERIFY(preview.thumbnail.pixelColor(preview.thumbnail.width() - 3, 2).red() > 180);
        QVERIFY(preview.thumbnail.pixelColor(2, 2).red() < 100);
    }

    void damagedAndEmptyFilesAreSaidSo()
    {
        QByteArray notPng("\x89PNG\r\n\x1a\n", 8);
        notPng += QByteArray(200, '\xff');
        const QString damaged = writeFile(m_dir, QStringLiteral("broken.png"), notPng);
        const QString empty = writeFile(m_dir, QStringLiteral("empty.pdf"), QByteArray());
        const QString huge = dirPathForHugeImage();
        QVERIFY(!huge.isEmpty());
        QCOMPARE(QImageReader(huge).size(), QSize(30000, 30000)); // readable as such: only the limit refuses it
        m_panel->addFiles({damaged, empty, huge, m_dir.filePath(QStringLiteral("gone.txt"))});
        AttachmentTray *tray = m_panel->tray();
        QCOMPARE(tray->count(), 4);
        QTRY_VERIFY(previewsReady(tray));
        QVERIFY(tray->item(0)->preview().thumbnail.isNull());
        QVERIFY(!tray->item(0)->preview().isImage);
        QVERIFY(tray->item(0)->sendAsFileBox()->isHidden());
        QVERIFY(!tray->item(1)->preview().problem.isEmpty());
        // An image announcing 30000×30000 pixels is not decoded for a thumbnail.
        QVERIFY(!tray->item(2)->preview().isImage);
        QVERIFY(tray->item(2)->preview().thumbnail.isNull());
        QVERIFY(!tray->item(3)->preview().problem.isEmpty());
        auto *details = tray->item(3)->findChild<QLabel *>(QStringLiteral("attachmentDetails"));
        QCOMPARE(details->text(), tray->item(3)->preview().problem);
    }

    void pastedImageDataBecomesAPng()
    {
        const QImage image = testImage(300, 200);
        QApplication::clipboard()->setImage(image);
        m_panel->edit()->setFocus();
        QTest::keyClick(m_panel->edit(), Qt::Key_V, Qt::ControlModifier);
        AttachmentTray *tray = m_panel->tray();
        QCOMPARE(tray->count(), 1);
        QVERIFY(m_panel->edit()->toPlainText().isEmpty());
        QVERIFY(tray->item(0)->fileName().endsWith(QStringLiteral(".png")));
        QTRY_VERIFY(previewsReady(tray));
        QVERIFY(tray->item(0)->preview().isImage);
        QVERIFY(tray->item(0)->sendAsFileBox()->isHidden()); // no original file to send instead

        QSignalSpy confirmed(m_panel, &ComposerPanel::attachmentsConfirmed);
        QTest::keyClicks(m_panel->edit(), QStringLiteral("le tableau"));
        QTest::keyClick(m_panel->edit(), Qt::Key_Return);
        QCOMPARE(confirmed.count(), 1);
        const QList<AttachmentSource> sources = sourcesOf(confirmed, 0, 0);
        QCOMPARE(sources.size(), 1);
        QVERIFY(sources.at(0).path.isEmpty());
        QVERIFY(sources.at(0).isValid());
        QVERIFY(sources.at(0).imageData.startsWith("\x89PNG\r\n\x1a\n"));
        QImage sent;
        QVERIFY(sent.loadFromData(sources.at(0).imageData, "PNG"));
        QCOMPARE(sent.convertToFormat(QImage::Format_RGB32), image);
        QCOMPARE(confirmed.at(0).at(1).toString(), QStringLiteral("le tableau"));
    }

    void pastedPngBytesAreSentAsTheyCame()
    {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(testImage(120, 90).save(&buffer, "PNG"));
        auto *mime = new QMimeData;
        mime->setData(QStringLiteral("image/png"), png);
        QApplication::clipboard()->setMimeData(mime);
        m_panel->edit()->setFocus();
        m_panel->edit()->paste();
        QCOMPARE(m_panel->tray()->count(), 1);
        QTRY_VERIFY(previewsReady(m_panel->tray()));
        QCOMPARE(m_panel->tray()->sources().at(0).imageData, png);
    }

    void textWithAPictureBesideItStaysText()
    {
        auto *mime = new QMimeData;
        mime->setText(QStringLiteral("A1\tB1"));
        mime->setImageData(testImage(50, 20));
        QApplication::clipboard()->setMimeData(mime);
        m_panel->edit()->setFocus();
        m_panel->edit()->paste();
        QCOMPARE(m_panel->tray()->count(), 0);
        QCOMPARE(m_panel->edit()->toPlainText(), QStringLiteral("A1\tB1"));
    }

    void copiedFilesArePastedAsFiles()
    {
        const QString a = writeFile(m_dir, QStringLiteral("a.odt"), QByteArray(3000, 'a'));
        const QString b = writeFile(m_dir, QStringLiteral("b.csv"), QByteArray("x;y\n1;2\n"));
        QMimeData *mime = urlsMime({a, b});
        mime->setText(QUrl::fromLocalFile(a).toString() + QLatin1Char('\n') + QUrl::fromLocalFile(b).toString());
        QApplication::clipboard()->setMimeData(mime);
        m_panel->edit()->setFocus();
        m_panel->edit()->paste();
        QCOMPARE(m_panel->tray()->count(), 2);
        QVERIFY(m_panel->edit()->toPlainText().isEmpty());
        QCOMPARE(m_panel->tray()->sources().at(1).path, QFileInfo(b).absoluteFilePath());
    }

    void removeButtonsAndEscape()
    {
        const QString a = writeFile(m_dir, QStringLiteral("one.txt"), "1");
        const QString b = writeFile(m_dir, QStringLiteral("two.txt"), "22");
        const QString c = writeFile(m_dir, QStringLiteral("three.txt"), "333");
        m_panel->addFiles({a, b, c});
        AttachmentTray *tray = m_panel->tray();
        QCOMPARE(tray->count(), 3);
        QToolButton *remove = tray->item(1)->removeButton();
        QVERIFY(remove->accessibleName().contains(QStringLiteral("two.txt")));
        remove->setFocus(Qt::TabFocusReason);
        QTest::keyClick(remove, Qt::Key_Space);
        QCOMPARE(tray->count(), 2);
        QCOMPARE(tray->item(0)->fileName(), QStringLiteral("one.txt"));
        QCOMPARE(tray->item(1)->fileName(), QStringLiteral("three.txt"));
        // The focus went to the next remove button, not lost.
        QCOMPARE(QApplication::focusWidget(), tray->item(1)->removeButton());

        // Escape (from the editor) removes what waits and keeps the text.
        m_panel->edit()->setFocus();
        QTest::keyClicks(m_panel->edit(), QStringLiteral("brouillon"));
        QTest::keyClick(m_panel->edit(), Qt::Key_Escape);
        QVERIFY(tray->isEmpty());
        QCOMPARE(m_panel->edit()->toPlainText(), QStringLiteral("brouillon"));
        QVERIFY(!tray->isVisible());

        // The last one removed with its button: the editor has the focus.
        m_panel->addFiles({a});
        tray->item(0)->removeButton()->setFocus();
        QTest::keyClick(tray->item(0)->removeButton(), Qt::Key_Space);
        QVERIFY(tray->isEmpty());
        QCOMPARE(QApplication::focusWidget(), m_panel->edit());
    }

    void dropsOnTheRoomViewAndTheEditor()
    {
        delete m_panel; // this case uses the composer inside a room view
        m_panel = nullptr;
        Room room(QStringLiteral("!site:localhost"), QStringLiteral("@agent:localhost"));
        RoomView view(nullptr, nullptr, nullptr);
        view.resize(800, 600);
        view.setRoom(&room);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        ComposerPanel *panel = view.composerPanel();
        QVERIFY(panel->isVisible());

        const QString a = writeImage(m_dir, QStringLiteral("facade.png"), testImage(200, 100), "PNG");
        const QString b =
            writeFile(m_dir, QStringLiteral("devis.pdf"), QByteArray("%PDF-1.4\n%âãÏÓ\n") + QByteArray(500, 'x'));
        QDir(m_dir.path()).mkdir(QStringLiteral("photos"));
        std::unique_ptr<QMimeData> mime(urlsMime({a, b, m_dir.filePath(QStringLiteral("photos"))}));

        // Dispatched as Qt does: to the widget under the pointer (the timeline's viewport), then up to the first
        // that takes drops; the drop goes to whoever accepted the enter.
        QWidget *viewport = view.timeline()->viewport();
        const QPoint at = viewport->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction | Qt::MoveAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &enter);
        QVERIFY(enter.isAccepted());
        QCOMPARE(enter.dropAction(), Qt::CopyAction);
        QDropEvent drop(QPointF(at), Qt::CopyAction | Qt::MoveAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &drop);
        QVERIFY(drop.isAccepted());
        QCOMPARE(panel->tray()->count(), 2);
        // The folder is not sent, and the person is told.
        auto *notice = panel->tray()->findChild<QLabel *>(QStringLiteral("attachmentTrayNotice"));
        QVERIFY(notice->isVisible());
        QVERIFY(!notice->text().isEmpty());
        QTRY_VERIFY(previewsReady(panel->tray()));
        QCOMPARE(panel->tray()->item(1)->preview().mimeType, QStringLiteral("application/pdf"));

        // A drag of plain text is not taken.
        QMimeData text;
        text.setText(QStringLiteral("hello"));
        QDragEnterEvent textEnter(at, Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &textEnter);
        QVERIFY(!textEnter.isAccepted());

        // Dropped onto the editor, a file is an attachment, not its path as text.
        const QString c = writeFile(m_dir, QStringLiteral("notes.txt"), "n");
        std::unique_ptr<QMimeData> onEditor(urlsMime({c}));
        QWidget *editorViewport = view.composer()->viewport();
        const QPoint inEditor = editorViewport->rect().center();
        QDragEnterEvent editorEnter(inEditor, Qt::CopyAction, onEditor.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(editorViewport, &editorEnter);
        QVERIFY(editorEnter.isAccepted());
        QDropEvent editorDrop(QPointF(inEditor), Qt::CopyAction, onEditor.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(editorViewport, &editorDrop);
        QCOMPARE(panel->tray()->count(), 3);
        QVERIFY(view.composer()->toPlainText().isEmpty());

        // Confirmed: the room view names the room.
        QSignalSpy confirmed(&view, &RoomView::attachmentsConfirmed);
        view.composer()->setFocus();
        QTest::keyClicks(view.composer(), QStringLiteral("pour info"));
        QTest::keyClick(view.composer(), Qt::Key_Return);
        QCOMPARE(confirmed.count(), 1);
        QCOMPARE(confirmed.at(0).at(0).toString(), room.id());
        const QList<AttachmentSource> sources = sourcesOf(confirmed, 0, 1);
        QCOMPARE(sources.size(), 3);
        QCOMPARE(sources.at(0).path, QFileInfo(a).absoluteFilePath());
        QCOMPARE(sources.at(1).path, QFileInfo(b).absoluteFilePath());
        QCOMPARE(sources.at(2).path, QFileInfo(c).absoluteFilePath());
        QCOMPARE(confirmed.at(0).at(2).toString(), QStringLiteral("pour info"));
        view.setRoom(nullptr);
    }

    void waitingAttachmentsStayWithTheirRoom()
    {
        delete m_panel;
        m_panel = nullptr;
        Room first(QStringLiteral("!first:localhost"), QStringLiteral("@agent:localhost"));
        Room second(QStringLiteral("!second:localhost"), QStringLiteral("@agent:localhost"));
        RoomView view(nullptr, nullptr, nullptr);
        view.setRoom(&first);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QString photo = writeImage(m_dir, QStringLiteral("chantier.png"), testImage(80, 60), "PNG");
        view.composerPanel()->addFiles({photo});
        QTRY_VERIFY(previewsReady(view.composerPanel()->tray()));
        view.composerPanel()->tray()->item(0)->sendAsFileBox()->setChecked(true);

        view.setRoom(&second);
        QVERIFY(view.composerPanel()->tray()->isEmpty());
        QSignalSpy confirmed(&view, &RoomView::attachmentsConfirmed);
        QTest::keyClick(view.composer(), Qt::Key_Return);
        QCOMPARE(confirmed.count(), 0); // nothing waits here

        view.setRoom(&first);
        QCOMPARE(view.composerPanel()->tray()->count(), 1);
        QTRY_VERIFY(previewsReady(view.composerPanel()->tray()));
        QVERIFY(view.composerPanel()->tray()->item(0)->sendAsFileBox()->isChecked());
        view.composer()->setFocus();
        QTest::keyClick(view.composer(), Qt::Key_Return);
        QCOMPARE(confirmed.count(), 1);
        QCOMPARE(confirmed.at(0).at(0).toString(), first.id());
        QVERIFY(sourcesOf(confirmed, 0, 1).at(0).sendAsFile);
        view.setRoom(nullptr);
    }

    void aScreenReaderGetsEveryPart()
    {
        const QString photo = writeImage(m_dir, QStringLiteral("photo.png"), testImage(100, 100), "PNG");
        const QString doc = writeFile(m_dir, QStringLiteral("note.txt"), "note");
        QDir(m_dir.path()).mkdir(QStringLiteral("folder"));
        m_panel->addFiles({photo, doc, m_dir.filePath(QStringLiteral("folder"))});
        QTRY_VERIFY(previewsReady(m_panel->tray()));
        const QStringList problems = AccessibilityAudit::problems(m_panel);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

        // Every control is reached with Tab: both items' controls, the attach button, the editor.
        QList<QWidget *> reached;
        QWidget *start = m_panel->tray()->item(0)->sendAsFileBox();
        start->setFocus(Qt::TabFocusReason);
        QWidget *w = start;
        for (int i = 0; i < 12; ++i) {
            reached << w;
            QTest::keyClick(w, Qt::Key_Tab);
            w = QApplication::focusWidget();
            if (w == start || !w || !m_panel->isAncestorOf(w))
                break;
        }
        QVERIFY(reached.contains(m_panel->tray()->item(0)->removeButton()));
        QVERIFY(reached.contains(m_panel->tray()->item(1)->removeButton()));
        QVERIFY(reached.contains(m_panel->attachButton()));
        QVERIFY(reached.contains(m_panel->edit()));
    }

    void sizesAndKindsAsAPersonReadsThem()
    {
        const auto plain = [](QString text) {
            text.replace(QChar::Nbsp, QLatin1Char(' '));
            text.replace(QChar(0x202f), QLatin1Char(' '));
            return text;
        };
        const QLocale french(QLocale::French, QLocale::France);
        const QLocale english(QLocale::English, QLocale::UnitedKingdom);
        QCOMPARE(plain(SizeText::format(1234567, french)), QStringLiteral("1,2 Mo"));
        QCOMPARE(plain(SizeText::format(1234567, english)), QStringLiteral("1.2 MB"));
        QCOMPARE(plain(SizeText::format(50 * 1024 * 1024, french)), QStringLiteral("50 Mo"));
        QCOMPARE(plain(SizeText::format(512, french)), QStringLiteral("512 octets"));
        QCOMPARE(plain(SizeText::format(512, english)), QStringLiteral("512 bytes"));
        QCOMPARE(plain(SizeText::format(3LL * 1024 * 1024 * 1024, french)), QStringLiteral("3,0 Go"));
        QCOMPARE(plain(SizeText::format(2048, english)), QStringLiteral("2.0 kB"));
        QVERIFY(SizeText::format(-1).isEmpty());

        using Kind = FileTypeIcon::Kind;
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("application/pdf")), Kind::Pdf);
        // Office files are zip files underneath: still documents, spreadsheets, presentations.
        const QString office = QStringLiteral("application/vnd.openxmlformats-officedocument.");
        QCOMPARE(FileTypeIcon::kindOf(office + QStringLiteral("wordprocessingml.document")), Kind::Document);
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("application/vnd.oasis.opendocument.spreadsheet")),
                 Kind::Spreadsheet);
        QCOMPARE(FileTypeIcon::kindOf(office + QStringLiteral("presentationml.presentation")), Kind::Presentation);
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("text/csv")), Kind::Spreadsheet);
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("application/zip")), Kind::Archive);
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("application/x-compressed-tar")), Kind::Archive);
        // Programs, scripts included, whatever they inherit.
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("application/x-msdownload")), Kind::Program); // unknown here
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("application/x-ms-dos-executable")), Kind::Program);
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("Application/X-MSDownload")), Kind::Program);
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("application/x-shellscript")), Kind::Program);
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("application/x-executable")), Kind::Program);
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("text/plain")), Kind::Text);
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("text/markdown")), Kind::Text);
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("image/jpeg")), Kind::Image);
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("video/webm")), Kind::Video);
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("audio/ogg")), Kind::Audio);
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("application/octet-stream")), Kind::Other);
        QCOMPARE(FileTypeIcon::kindOf(QStringLiteral("no/such-type")), Kind::Other);
        QCOMPARE(FileTypeIcon::kindOf(QString()), Kind::Other);
        QCOMPARE(FileTypeIcon::badge(Kind::Pdf, QStringLiteral("devis signé.pdf")), QStringLiteral("PDF"));
        QCOMPARE(FileTypeIcon::badge(Kind::Archive, QStringLiteral("photos.tar.gz")), QStringLiteral("GZ"));
        QCOMPARE(FileTypeIcon::badge(Kind::Text, QStringLiteral("notes.markdown")), QStringLiteral("TXT"));
        QCOMPARE(FileTypeIcon::badge(Kind::Other, QStringLiteral("x.<b>")), QString());
        QVERIFY(FileTypeIcon::description(Kind::Pdf) != FileTypeIcon::description(Kind::Other));
        const QPixmap icon = FileTypeIcon::pixmap(Kind::Pdf, QStringLiteral("PDF"), 48, Qt::black, 2.0);
        QCOMPARE(icon.deviceIndependentSize(), QSizeF(36, 48));
        QCOMPARE(icon.size(), QSize(72, 96));
    }

private:
    static quint32 crc32(const QByteArray &data)
    {
        quint32 crc = 0xffffffffu;
        for (char c : data) {
            crc ^= quint8(c);
            for (int k = 0; k < 8; ++k)
                crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
        return ~crc;
    }

    // A PNG that says it is 30000×30000 (a valid header, no pixels): what a thumbnail must not try to decode.
    QString dirPathForHugeImage()
    {
        QByteArray png("\x89PNG\r\n\x1a\n", 8);
        QByteArray ihdr("IHDR");
        auto be32 = [](quint32 v) {
            QByteArray b(4, 0);
            b[0] = char(v >> 24);
            b[1] = char(v >> 16);
            b[2] = char(v >> 8);
            b[3] = char(v);
            return b;
        };
        ihdr += be32(30000) + be32(30000) + QByteArray("\x08\x02\x00\x00\x00", 5);
        png += be32(13) + ihdr + be32(crc32(ihdr));
        // A few bytes of pixel data and the end: a reader gets the size from the header, then runs short.
        const QByteArray idat = QByteArray("IDAT") + QByteArray("\x78\x9c\x63\x00\x00\x00\x01\x00\x01", 9);
        png += be32(idat.size() - 4) + idat + be32(crc32(idat));
        png += be32(0) + QByteArray("IEND") + be32(crc32("IEND"));
        return writeFile(m_dir, QStringLiteral("huge.png"), png);
    }

    QTemporaryDir m_dir;
    ComposerPanel *m_panel = nullptr;
};

QTEST_MAIN(TestComposerAttachments)
#include "test_composer_attachments.moc"
