"""The cleaner's rule tables: furniture a scraped page puts around an article
(cookie banners, share buttons, bylines, comment areas, page headers), as
regular expressions with the reason shown to the reader and the longest line
each may remove. :mod:`.clean` decides where in the page each table applies.
"""

from __future__ import annotations

import re

#: The reason shown for a "related articles" box (the cleaner ends the body there).
RELATED = "related posts"

#: Words that follow "cookies" in a cookie banner, in several languages.
COOKIE_WORDS = ("accept|consent|policy|settings|zu|akzeptieren|zustimmen|einwilligung"
                "|принять|согласие|akceptuj\\w*|accepter")
#: How a banner opens when "cookies" comes later ("We use cookies ...").
COOKIE_OPENINGS = (r"(we|this (web)?site|our (web)?site) uses? cookies|wir verwenden cookies"
                   r"|мы используем (файлы )?(cookie|куки)|мы выкарыстоўваем (файлы )?cookie"
                   r"|ми використовуємо (файли )?cookie|używamy (plików )?cookies"
                   r"|nous utilisons des cookies|(utilizamos|usamos) cookies"
                   r"|(ce site|este sitio( web)?) utili[sz]a (des )?cookies")
#: "Comments" as comment areas of pages are headed in several languages.
COMMENT_WORDS = ("comments?|kommentare|комментарии|комментариев|коментарі|каментары"
                 "|каментарыі|komentarze|commentaires|comentarios")


def rule_table(*rules: tuple[str, str, int]) -> list[tuple[re.Pattern[str], str, int]]:
    return [(re.compile(pattern, re.IGNORECASE), reason, max_words)
            for pattern, reason, max_words in rules]


#: A count with its unit ("12K views", "1,204 shares", "3.4M просмотров").
_COUNT = (r"\d[\d.,\s]*\s*(k|m|тыс|млн|tys|mln|tsd)?\.?\s*"
          r"(views?|reads|shares|likes|votes|plays|listens|comments"
          r"|просмотр\w*|прочтени\w*|перегляд\w*|wyświetle\w*|aufrufe|vues|reproducciones)")

# Site furniture wherever it appears: (pattern, rule name, longest line it may match).
# The word limits keep a rule from eating a real sentence that happens to
# start like a button ("Share prices fell ...").
BOILERPLATE = rule_table(
    (r"^(close|open|toggle) (this )?(search|menu)( box| form)?\W*$", "site menu", 6),
    (r"^(search|menu|skip to (main )?content|home|main menu|navigation|zum inhalt( springen)?"
     r"|accueil|inicio|startseite|главная|галоўная|головна|strona główna|pagrindinis"
     r"|перейти к (содержанию|основному содержанию)|перайсці да (зместу|асноўнага зместу)"
     r"|przejdź do (treści|zawartości)|aller au contenu)\W*$", "site menu", 4),
    (r"^(leave|post|add|write) (a |your )?(comment|reply|response)", "comment form", 8),
    (r"^please (enter|type) your (comment|name|email)", "comment form", 8),
    (r"your email address will not be published|required fields are marked", "comment form",
     25),
    (r"^fill in your details below|^you are commenting using your", "comment form", 25),
    (r"^connecting to %s$|%d bloggers like this", "comment form", 8),
    (r"^(notify of|inline feedbacks?|view all comments|load more comments|show comments)\W*$",
     "comment widget", 5),
    (rf"^\d+\s+({COMMENT_WORDS}|responses?|replies)\W*$|^({COMMENT_WORDS})(\s*\(\d+\))?\W*$",
     "comment widget", 4),
    (r"^reply( to\b.*)?$|^comment image$", "comment widget", 6),
    (r"\blog ?(in|out)\b|^(sign|log) (in|up)\b|^(register|subscribe)( now| today| here)?\W*$",
     "login or sign-up prompt", 10),
    (r"^\S+(\.com)? (logo|photo|picture|icon|avatar)$", "login or sign-up prompt", 4),
    (r"\bnewsletter\b.*\b(sign up|subscribe|inbox|abonnieren)\b"
     r"|\b(sign up|subscribe|abonnieren|suscr[ií]bete|ap[uú]ntate|inscrivez-vous|abonnez-vous"
     r"|підпишіться|подпишитесь)\b.*\bnewsletter\b", "newsletter prompt", 25),
    # "Подписаться на рассылку (новостей)": the whole line is the button.
    (r"^(подписаться|подпишитесь|подпишись|падпісацца|падпішыцеся|підписатися|підпишіться)"
     r" на (\w+ ){0,2}(рассылк|розсилк)\w*( \w+)?\W*$", "newsletter prompt", 6),
    (r"^(share|tweet|pin it|email|print|partager|compartir|teilen|поделиться|поділитися"
     r"|падзяліцца|udostępnij|dalintis)( (this|on|via|sur|en|auf|в|у|na)\b.*)?\W*$"
     r"|^(copy link|copier le lien|copiar (el )?enlace|link kopieren)\W*$", "share buttons", 6),
    (r"^(facebook|twitter|x|linkedin|whatsapp|telegram|reddit|vk|email|print|copy link"
     r"|teilen|поделиться|падзяліцца|поширити|udostępnij|partager|compartir)$",
     "share buttons", 2),
    (r"^view this post on (instagram|facebook|x|twitter|tiktok)\b|^a post shared by\b"
     r"|^embed from getty images\b|^[—–-] .+\(@\w+\) \w+ \d{1,2}, \d{4}$",
     "social media embed", 20),
    (r"^follow us\b|^(like|follow) us on\b|^(подписывайтесь|падпісвайцеся|підписуйтесь"
     r"|folgen sie uns|abonnieren sie|subscribe to our (telegram|youtube|channel))\b",
     "social media prompt", 15),
    (r"^related( (posts?|articles?|stories|news|coverage))?\W*$", RELATED, 3),
    (r"^(related (posts?|articles?|stories|news)|read (more|also|next)|continue reading"
     r"|you (may|might) (also )?(like|be interested)|more (from|stories|on this)"
     r"|recommended( for you)?|trending( now)?|popular posts|most (read|popular|viewed)"
     r"|top stories|editor'?s picks?|no posts to display|see also|mehr zum thema"
     r"|lesen sie (auch|mehr)|читайте (также|еще|ещё)|чытайце (таксама|яшчэ)"
     r"|czytaj (też|także|więcej)|à lire aussi|lire aussi|читайте також|te puede interesar"
     r"|lee también|taip pat skaitykite)\b", RELATED, 12),
    (rf"\b(cookies?|куки)\b.*\b({COOKIE_WORDS})\b|^({COOKIE_OPENINGS})\b"
     r"|^(accept|decline|manage)( all)? cookies|^(accept all|reject all|alle akzeptieren"
     r"|alle ablehnen|einstellungen|принять( все)?|понятно|прыняць|зразумела|akceptuję"
     r"|tout accepter|aceptar todo|got it|cookie settings|прийняти|accepter( et fermer)?"
     r"|aceptar( y cerrar)?|manage preferences)\W*$"
     r"|^(paramétrer|gérer|configurar|manage|cookie-einstellungen) (les |las |your )?cookies",
     "cookie notice", 40),
    (r"^(advertisement|advertising|sponsored( content| links)?|ad|promoted|partner content"
     r"|anzeige|werbung|реклама|рэклама|reklama|publicité|publicidad)\W*$",
     "advertisement", 3),
    (r"\b(opens? registrations?|register (today|now|here)|early[- ]bird|masterclass)\b",
     "advertisement", 25),
    # A button-like start and "here" at the end; "Get ready ..., he said here." is a sentence.
    (r"^(join|subscribe|sign up|register|download|apply|click|buy|order)\b[^,]*\bhere\W*$",
     "advertisement", 15),
    # "Belarus will never become a member of NATO" is news, not a prompt.
    (r"^why support\b|^(support|donate to) (us|our)\b|^become a (patron|member|subscriber)\b"
     r"|\bbecome a (patron|member|subscriber)( today| now)?\W*$", "donation prompt", 15),
    (r"^(subscribe|sign in|log in|register) to (read|continue|see|unlock) (more|on|reading"
     r"|the (full|whole|rest of the) (article|story))\W*$", "paywall notice", 10),
    (r"\b(limit of free articles|free articles (left|remaining)|subscribe for unlimited"
     r"|for unlimited access|already a subscriber|subscribe to continue)", "paywall notice", 30),
    (r"^\d[\d.,]*\s*(reads|views|shares|likes|votes)\W*$|^\d(\.\d)?\s+\d+\s+votes?$"
     r"|^article rating$", "counter or rating widget", 4),
    # Platform chrome: "12K views", "1.2K likes · 86 shares", "5 min read",
    # "Image 3 of 8", "00:00 / 26:41", "Listen to this article".
    (rf"^{_COUNT}(\s*[·•|,]\s*{_COUNT})*\W*$", "counter or rating widget", 8),
    (r"^\d+\s*(min|mins|minutes?|мин|хв|хвіл)\.?\s*(read|reading|чтения|читання|czytania"
     r"|lesezeit|de lecture|de lectura)$|^(lesezeit|reading time|время чтения|czas czytania)"
     r"\s*:?\s*\d+\s*(min|minutes?|мин)\.?$", "reading time", 6),
    (r"^(image|photo|picture|slide|bild|foto|фото|фота|zdjęcie|imagen)\s+\d+\s*"
     r"(of|von|из|з|z|de|/)\s*\d+\W*$", "gallery counter", 6),
    (r"^\d{1,2}:\d{2}(:\d{2})?\s*/\s*\d{1,2}:\d{2}(:\d{2})?$"
     r"|^(listen to this (article|story)|play( video| audio| podcast)?|watch( the)? video"
     r"|pause|mute|unmute|full ?screen|слушать( статью)?|смотреть видео|posłuchaj"
     r"|artikel anhören|écouter (cet|l')article)\W*$", "media player", 6),
    (r"^read .+\b(answer|article|post|story)\b.*\bon \w+", "syndication link", 25),
    # A credit line under a picture: "(c) AFP/Getty Images", "© Reuters",
    # "Fot. PAP", "Photo by Jane Doe/AFP via Getty Images", "Credit: AP Photo".
    (r"^(©|\(c\))\s*(?-i:[A-ZÀ-ÞА-Я][\w.&-]*([ /][A-ZÀ-ÞА-Я][\w.&-]*)*)$"
     r"|^(fot|phot|foto)\.\s*\S"
     r"|^(photo|image|picture|foto|bild|фото|фота)\s+(by|von|de|de la)\s+(?-i:[A-ZÀ-ÞА-Я])"
     r"|^(photo |image |picture )?credits?\s*:",
     "picture credit", 10),
    (r"^(copyright|©|\(c\))|all rights reserved|^(terms of (use|service)|privacy policy)\b",
     "site footer", 25),
    (r"^(tags?|topics?|categories|filed under|archivado en|schlagwörter|теги|тэги|теґи"
     r"|мітки|tagi)\s*:", "tag list", 25),
    # Page furniture of a document converted to text: "Page 3 of 12".
    (r"^(page|seite|strona|página|pagina|страница|стр\.|старонка|сторінка) \d+"
     r"( (of|von|z|de|di|из|з) \d+)?$", "page header or footer", 5),
    (r"^(photo|image|picture|video|foto|bild|фото|фота|zdjęcie)( credit)?\s*:"
     r"|^(getty images|reuters|afp|ap photo)\W*$", "picture credit", 12),
    # A caption that ends with an agency credit ("... on March 3. REUTERS/Jane Doe").
    (r"(?-i:\b(REUTERS|Reuters|AFP|AP|EPA|DPA|dpa|TASS|Getty Images)/[A-Z][\w.-]*"
     r"( [A-Z][\w.-]*){0,2})\W*$|(?-i:/(dpa|AFP|AP|EPA|REUTERS|Reuters|TASS|Getty Images))\W*$",
     "picture credit", 40),
    (r"^\(?(additional )?(reporting|writing|editing|translation|translated|compiled) by"
     r"(?!.*, (?!(and|writing|editing|reporting|additional)\b)(?-i:[a-z]))\b"
     r"|\bcontributed (to )?this (report|story|article)\W*$"
     r"|^[—–-]\s*(the )?(associated press|ap|afp|reuters|dpa|bloomberg|tass)\W*$",
     "credits", 25),
    (r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(,? \d{1,2}:\d{2}(:\d{2})?)?( uhr)?$"
     r"|^\d{1,2}:\d{2}(:\d{2})?( uhr| gmt| utc| msk| cet)?(, \d{1,2} \w+( \d{4})?"
     r"|, \w+ \d{1,2}(, \d{4})?)?$", "timestamp", 6),
)
# Before the first paragraph: bylines and datelines are page furniture, not text.
HEADER = rule_table(
    (r"^by\s+\S|^(автор|аўтар|autor|auteur)\s*:"
     r"|^(von|par|por|przez|від|от)\s+(?-i:[A-ZÀ-ÞА-ЯІЇЄҐ][\w'’.-]*"
     r"( [A-ZÀ-ÞА-ЯІЇЄҐ][\w'’.-]*){0,3})$", "byline", 8),
    (r"^[^.!?,:;]{1,40}( [/›>»|] [^.!?,:;]{1,40})+$", "navigation or tag list", 8),
    (r"^(published|updated|posted|last (updated|modified))\b", "dateline", 10),
    (r"^(\w+ \d{1,2}, \d{4}|\d{1,2} \w+ \d{4}|\d{4}-\d{2}-\d{2})\b[\w :,.-]*$", "dateline", 8),
)

# A line like these opens the reader-comment area of a page.
COMMENT_MARKER = re.compile(
    r"^(leave|post|add) (a )?(comment|reply)\W*$|^\d+ (comments?|responses?)$"
    rf"|^({COMMENT_WORDS})(\s*\(\d+\))?\W*$|^\d+ ({COMMENT_WORDS})$"
    r"|^reader comments$|^(view all comments|inline feedbacks|notify of|join the discussion)$"
    r"|^article rating$|^\d(\.\d)?\s+\d+\s+votes?$|^please enter your comment\W*$",
    re.IGNORECASE,
)
