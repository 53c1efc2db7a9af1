#include "timeline/emoji_picker.h"

#include "timeline/emoji_catalogue.h"

#include <QDialogButtonBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace estafette {

EmojiPicker::EmojiPicker(QWidget *parent)
    : QDialog(parent), m_search(new QLineEdit(this)), m_grid(new QListWidget(this))
{
    setObjectName(QStringLiteral("emojiPicker"));
    setWindowTitle(tr("Choose a reaction"));
    m_search->setObjectName(QStringLiteral("emojiSearch"));
    m_search->setPlaceholderText(tr("Search (e.g. “bravo”, “merci”)"));
    m_search->setAccessibleName(tr("Search for an emoji"));
    m_search->setClearButtonEnabled(true);
    m_grid->setObjectName(QStringLiteral("emojiGrid"));
    m_grid->setAccessibleName(tr("Emoji"));
    m_grid->setViewMode(QListView::IconMode);
    m_grid->setResizeMode(QListView::Adjust);
    m_grid->setMovement(QListView::Static);
    m_grid->setUniformItemSizes(true);
    QFont big = m_grid->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    m_grid->setFont(big);
    m_grid->setGridSize(QSize(QFontMetrics(big).height() * 2, QFontMetrics(big).height() * 2));
    m_grid->setMinimumSize(360, 220);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    auto *label = new QLabel(tr("&Search:"), this);
    label->setBuddy(m_search);
    layout->addWidget(label);
    layout->addWidget(m_search);
    layout->addWidget(m_grid, 1);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_search, &QLineEdit::textChanged, this, &EmojiPicker::filter);
    connect(m_search, &QLineEdit::returnPressed, this, &EmojiPicker::pick);
    connect(m_grid, &QListWidget::itemActivated, this, &EmojiPicker::pick);
    connect(m_grid, &QListWidget::itemClicked, this, &EmojiPicker::pick);
    filter({});
    m_search->setFocus();
}

void EmojiPicker::filter(const QString &query)
{
    m_grid->clear();
    for (const EmojiEntry &entry : EmojiCatalogue::search(query)) {
        auto *item = new QListWidgetItem(entry.emoji, m_grid);
        const QString name = EmojiCatalogue::nameOf(entry);
        item->setToolTip(name);
        item->setData(Qt::AccessibleTextRole, name);
        item->setData(Qt::UserRole, entry.emoji);
        item->setTextAlignment(Qt::AlignCenter);
    }
    if (m_grid->count() > 0)
        m_grid->setCurrentRow(0);
}

void EmojiPicker::pick()
{
    QListWidgetItem *item = m_grid->currentItem();
    if (!item)
        return;
    m_chosen = item->data(Qt::UserRole).toString();
    accept();
}

} // namespace estafette
