// The image viewer, offscreen, over a source that decodes on a worker thread as the room's source will: the image
// asked for is shown once decoded; previous/next by buttons and keys, within the list, which may grow; fit, zoom
// (keys, buttons, wheel around the pointer) and pan (arrows, drag); Save as writes the original bytes, identical
// (several megabytes, streamed), through the file dialog, and says why when the original is not there; Copy puts
// the image on the clipboard; an image that does not decode is said so; Escape closes; what a screen reader gets.
#include "accessibility_audit.h"
#include "media/image_canvas.h"
#include "media/image_viewer.h"
#include "media/image_viewer_source.h"

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QCryptographicHash>
#include <QFile>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>

using namespace estafette;
using namespace estafette::test;

namespace {

QImage testImage(int width, int height, QColor base)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(base);
    for (int y = 0; y < height; y += 50)
        for (int x = 0; x < width; ++x)
            image.setPixelColor(x, y, Qt::black);
    return image;
}

QByteArray encoded(const QImage &image, const char *format)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format);
    return bytes;
}

// Images held in memory, decoded on a worker thread when asked for.
class ListSource : public ImageViewerSource {
public:
    struct Entry {
        QString name;
        QByteArray bytes;
        QString unavailable; // openOriginal() fails with this
    };
    QList<Entry> entries;
    QList<int> requests;

    int count() const override { return entries.size(); }
    QString name(int index) const override { return entries.value(index).name; }
    void requestImage(int index) override
    {
        requests << index;
        const QByteArray bytes = entries.value(index).bytes;
        auto *watcher = new QFutureWatcher<QImage>(this);
        connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, index] {
            watcher->deleteLater();
            const QImage image = watcher->result();
            if (image.isNull())
                emit imageFailed(index, QStringLiteral("This image is damaged."));
            else
                emit imageReady(index, image);
        });
        watcher->setFuture(QtConcurrent::run([bytes] { return QImage::fromData(bytes); }));
    }
    std::unique_ptr<QIODevice> openOriginal(int index, QString *error) override
    {
        if (!entries.value(index).unavailable.isEmpty()) {
            *error = entries.value(index).unavailable;
            return nullptr;
        }
        auto buffer = std::make_unique<QBuffer>();
        buffer->setData(entries.value(index).bytes);
        return buffer;
    }
    void add(const Entry &entry)
    {
        entries << entry;
        emit countChanged();
    }
};

template<typename T>
T *child(QWidget *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

} // namespace

class TestImageViewer : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_source = new ListSource;
        m_big = testImage(2000, 1500, QColor(30, 140, 90));
        // The original of the first: a PNG followed by 3 MB of other bytes (decoders stop at its end), so a save
        // that re-encoded the image or lost a chunk would show.
        m_original = encoded(testImage(800, 600, QColor(200, 60, 60)), "PNG");
        QByteArray tail(3 * 1024 * 1024 + 123, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(tail.data()), tail.size() / 4);
        m_original += tail;
        m_source->entries = {{QStringLiteral("façade.png"), m_original, {}},
                             {QStringLiteral("plan.jpg"), encoded(testImage(300, 200, Qt::yellow), "JPEG"), {}},
                             {QStringLiteral("site.png"), encoded(m_big, "PNG"), {}}};
    }

    void cleanup()
    {
        delete m_viewer;
        delete m_source;
        QApplication::clipboard()->clear();
    }

    void showsTheImageAskedForOnceDecoded()
    {
        open(1);
        ImageCanvas *canvas = m_viewer->canvas();
        QCOMPARE(m_viewer->currentIndex(), 1);
        QCOMPARE(m_source->requests, QList<int>{1});
        QTRY_VERIFY(canvas->hasImage());
        QCOMPARE(canvas->image().size(), QSize(300, 200));
        QVERIFY(m_viewer->windowTitle().contains(QStringLiteral("plan.jpg")));
        QVERIFY(child<QLabel>(m_viewer, "imagePosition")->text().contains(QStringLiteral("2")));
        QVERIFY(child<QLabel>(m_viewer, "imagePosition")->text().contains(QStringLiteral("3")));
        // Smaller than the window: shown at its actual size, not enlarged.
        QVERIFY(canvas->isFitting());
        QCOMPARE(canvas->zoom(), 1.0);
        QCOMPARE(QApplication::focusWidget(), canvas);
    }

    void previousAndNextWithinTheList()
    {
        open(1);
        auto *previous = child<QPushButton>(m_viewer, "previousImage");
        auto *next = child<QPushButton>(m_viewer, "nextImage");
        QTRY_VERIFY(m_viewer->canvas()->hasImage());

        QTest::keyClick(m_viewer->canvas(), Qt::Key_PageDown);
        QCOMPARE(m_viewer->currentIndex(), 2);
        QVERIFY(!m_viewer->canvas()->hasImage()); // the previous image is not left up while the next loads
        QTRY_COMPARE(m_viewer->canvas()->image().size(), m_big.size());
        QVERIFY(!next->isEnabled());
        QTest::keyClick(m_viewer->canvas(), Qt::Key_PageDown); // at the end: stays
        QCOMPARE(m_viewer->currentIndex(), 2);
        // The image fits: Left/Right are previous/next.
        QTest::keyClick(m_viewer->canvas(), Qt::Key_Left);
        QCOMPARE(m_viewer->currentIndex(), 1);
        QTest::keyClick(m_viewer->canvas(), Qt::Key_Home);
        QCOMPARE(m_viewer->currentIndex(), 0);
        QVERIFY(!previous->isEnabled());
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(m_viewer->currentIndex(), 1);
        QTest::keyClick(m_viewer->canvas(), Qt::Key_End);
        QCOMPARE(m_viewer->currentIndex(), 2);

        // Newer images arrive: the list grows, Next works again.
        QVERIFY(!next->isEnabled());
        m_source->add({QStringLiteral("new.png"), encoded(testImage(40, 40, Qt::blue), "PNG"), {}});
        QVERIFY(next->isEnabled());
        QTest::keyClick(m_viewer->canvas(), Qt::Key_Right);
        QCOMPARE(m_viewer->currentIndex(), 3);
        QTRY_COMPARE(m_viewer->canvas()->image().size(), QSize(40, 40));
    }

    void zoomAndPan()
    {
        open(2);
        ImageCanvas *canvas = m_viewer->canvas();
        QTRY_VERIFY(canvas->hasImage());
        auto *fit = child<QPushButton>(m_viewer, "fitImage");
        QVERIFY(canvas->isFitting());
        const qreal fitted = canvas->zoom();
        QVERIFY(fitted < 1.0);
        QVERIFY(!fit->isEnabled());
        QVERIFY(!canvas->canPanHorizontally() && !canvas->canPanVertically());

        QTest::keyClick(canvas, Qt::Key_Plus);
        QVERIFY(qAbs(canvas->zoom() - fitted * 1.25) < 1e-6);
        QVERIFY(!canvas->isFitting());
        QVERIFY(fit->isEnabled());
        QVERIFY(child<QLabel>(m_viewer, "imageZoom")->text().contains(QString::number(qRound(canvas->zoom() * 100))));
        QTest::mouseClick(child<QPushButton>(m_viewer, "zoomOut"), Qt::LeftButton);
        QVERIFY(qAbs(canvas->zoom() - fitted) < 1e-6);

        // Actual size: larger than the window, so it pans; arrows move it, and at an edge they don't turn the page.
        QTest::keyClick(canvas, Qt::Key_1);
        QCOMPARE(canvas->zoom(), 1.0 * 1.0);
        QVERIFY(canvas->canPanHorizontally());
        const QPointF centred = canvas->imageCenter();
        QCOMPARE(centred, QPointF(1000, 750));
        QTest::keyClick(canvas, Qt::Key_Right);
        QVERIFY(canvas->imageCenter().x() > centred.x());
        QCOMPARE(m_viewer->currentIndex(), 2);
        for (int i = 0; i < 40; ++i)
            QTest::keyClick(canvas, Qt::Key_Left);
        QCOMPARE(m_viewer->currentIndex(), 2);
        const qreal leftEdge = canvas->width() / 2.0 / (canvas->zoom() / canvas->devicePixelRatioF());
        QVERIFY(qAbs(canvas->imageCenter().x() - leftEdge) < 1e-6);

        // Dragging moves the image with the pointer.
        const QPointF before = canvas->imageCenter();
        const QPoint from = canvas->rect().center();
        QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, from);
        const QPointF to(from - QPoint(120, 80));
        QMouseEvent move(QEvent::MouseMove, to, canvas->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(canvas, &move);
        QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, from - QPoint(120, 80));
        const qreal scale = canvas->zoom() / canvas->devicePixelRatioF();
        QVERIFY(qAbs(canvas->imageCenter().x() - (before.x() + 120 / scale)) < 1e-6);
        QVERIFY(qAbs(canvas->imageCenter().y() - (before.y() + 80 / scale)) < 1e-6);

        // The wheel zooms around the pointer: the image point under it stays under it.
        const QPointF pointer(canvas->width() * 0.7, canvas->height() * 0.4);
        const auto imagePointAt = [canvas](const QPointF &p) {
            const qreal s = canvas->zoom() / canvas->devicePixelRatioF();
            return canvas->imageCenter() + (p - QPointF(canvas->width() / 2.0, canvas->height() / 2.0)) / s;
        };
        const QPointF under = imagePointAt(pointer);
        const qreal zoomBefore = canvas->zoom();
        QWheelEvent wheel(pointer, canvas->mapToGlobal(pointer), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(canvas, &wheel);
        QVERIFY(qAbs(canvas->zoom() - zoomBefore * 1.25) < 1e-6);
        QVERIFY((imagePointAt(pointer) - under).manhattanLength() < 1e-6);

        QTest::keyClick(canvas, Qt::Key_0);
        QVERIFY(canvas->isFitting());
        QVERIFY(qAbs(canvas->zoom() - fitted) < 1e-6);

        // A bigger window: still fitted, to the new size.
        m_viewer->resize(m_viewer->width() + 300, m_viewer->height() + 200);
        QTRY_VERIFY(canvas->zoom() > fitted);
        QVERIFY(canvas->isFitting());
    }

    void saveAsWritesTheOriginalBytes()
    {
        open(0);
        QTRY_VERIFY(m_viewer->canvas()->hasImage());
        QSignalSpy saved(m_viewer, &ImageViewer::saveFinished);
        QTest::mouseClick(child<QPushButton>(m_viewer, "saveImage"), Qt::LeftButton);
        QFileDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_viewer->findChild<QFileDialog *>(QStringLiteral("saveImageDialog")))
                    && dialog->isVisible());
        QCOMPARE(dialog->acceptMode(), QFileDialog::AcceptSave);
        auto *nameEdit = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
        QVERIFY(nameEdit);
        QCOMPARE(nameEdit->text(), QStringLiteral("façade.png")); // the name suggested is the image's
        dialog->setDirectory(m_dir.path());
        dialog->activateWindow();
        QTRY_VERIFY(dialog->isActiveWindow());
        nameEdit->setText(QStringLiteral("copie.png")); // typed, the dialog's completer would join in
        QTest::keyClick(nameEdit, Qt::Key_Return);
        QTRY_COMPARE(saved.count(), 1);
        const QString path = m_dir.filePath(QStringLiteral("copie.png"));
        QCOMPARE(saved.at(0).at(0).toString(), path);
        QCOMPARE(saved.at(0).at(1).toString(), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QCOMPARE(written.size(), m_original.size());
        QCOMPARE(QCryptographicHash::hash(written, QCryptographicHash::Sha256),
                 QCryptographicHash::hash(m_original, QCryptographicHash::Sha256));
        QVERIFY(child<QLabel>(m_viewer, "viewerStatus")->text().contains(QStringLiteral("copie.png")));
    }

    void saveSaysWhyWhenTheOriginalIsMissing()
    {
        m_source->entries[1].unavailable = QStringLiteral("This file's hash does not match: it was not saved.");
        open(1);
        QSignalSpy saved(m_viewer, &ImageViewer::saveFinished);
        const QString path = m_dir.filePath(QStringLiteral("refused.jpg"));
        m_viewer->saveTo(path);
        QCOMPARE(saved.count(), 1);
        QCOMPARE(saved.at(0).at(1).toString(), m_source->entries[1].unavailable);
        QVERIFY(!QFile::exists(path));
        auto *status = child<QLabel>(m_viewer, "viewerStatus");
        QVERIFY(status->isVisible());
        QCOMPARE(status->text(), m_source->entries[1].unavailable);

        // A folder that can't be written: a sentence, no file.
        m_viewer->saveTo(m_dir.filePath(QStringLiteral("no/such/folder/x.jpg")));
        QCOMPARE(saved.count(), 2);
        m_source->entries[1].unavailable.clear();
        m_viewer->saveTo(m_dir.filePath(QStringLiteral("no/such/folder/x.jpg")));
        QTRY_COMPARE(saved.count(), 3);
        QVERIFY(!saved.at(2).at(1).toString().isEmpty());
    }

    void copyPutsTheImageOnTheClipboard()
    {
        open(2);
        QTRY_VERIFY(m_viewer->canvas()->hasImage());
        QTest::keyClick(m_viewer->canvas(), Qt::Key_C, Qt::ControlModifier);
        const QImage copied = QApplication::clipboard()->image();
        QCOMPARE(copied.size(), m_big.size());
        QCOMPARE(copied.convertToFormat(QImage::Format_RGB32), m_big);
    }

    void anImageThatDoesNotDecodeIsSaidSo()
    {
        m_source->entries[1].bytes = QByteArray("\xff\xd8\xff\xe0 not really a JPEG", 24);
        open(1);
        ImageCanvas *canvas = m_viewer->canvas();
        QTRY_COMPARE(canvas->message(), QStringLiteral("This image is damaged."));
        QVERIFY(!canvas->hasImage());
        QVERIFY(!child<QPushButton>(m_viewer, "copyImage")->isEnabled());
        QVERIFY(!child<QPushButton>(m_viewer, "zoomIn")->isEnabled());
        QCOMPARE(canvas->accessibleName(), canvas->message());
        QTest::keyClick(canvas, Qt::Key_Plus); // nothing to zoom: no harm
        QTest::keyClick(canvas, Qt::Key_Right);
        QCOMPARE(m_viewer->currentIndex(), 2);
    }

    void escapeClosesAndAScreenReaderGetsEveryPart()
    {
        open(0);
        QTRY_VERIFY(m_viewer->canvas()->hasImage());
        const QStringList problems = AccessibilityAudit::problems(m_viewer);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(m_viewer->canvas()->accessibleName().contains(QStringLiteral("façade.png")));
        QVERIFY(!m_viewer->canvas()->accessibleDescription().isEmpty());
        // Tab leaves the canvas for the buttons and comes back.
        QTest::keyClick(m_viewer->canvas(), Qt::Key_Tab);
        QVERIFY(qobject_cast<QPushButton *>(QApplication::focusWidget()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QVERIFY(!m_viewer->isVisible());
    }

private:
    void open(int index)
    {
        m_viewer = new ImageViewer(m_source, index);
        m_viewer->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_viewer));
        m_viewer->activateWindow();
        QTRY_VERIFY(m_viewer->isActiveWindow());
    }

    QTemporaryDir m_dir;
    ListSource *m_source = nullptr;
    QPointer<ImageViewer> m_viewer;
    QImage m_big;
    QByteArray m_original;
};

QTEST_MAIN(TestImageViewer)
#include "test_image_viewer.moc"
