"""Every key of the language data under `dan_van/data/`: its file, its shape, the names it allows and a doc line.

A key that is not declared here cannot be read (`Rules.words` and friends refuse it) and cannot be written
in a data or overlay file (the loader refuses it), so a misspelt key fails loudly wherever it appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..models import Kind, Level


class Shape(StrEnum):
    """The shape of a key's value."""

    WORDS = "list of words"
    WORD = "one word"
    WORD_MAP = "mapping of names to lists of words"
    NUMBER_MAP = "mapping of words to positive whole numbers"
    NAMES = "mapping of canonical names to lists of written forms"
    TABLE = "nested table read by its own module"


class File(StrEnum):
    """The packaged data files, one per concern."""

    TEXT = "text"
    NUMBERS = "numbers"
    QUANTITIES = "quantities"
    CONFERENCES = "conferences"
    DONATIONS = "donations"
    GAZETTEER = "gazetteer"
    ENCODINGS = "encodings"
    LABELS = "labels"


# Files read by their own module, apart from the extraction rules: no overlay changes them.
OWN_FILES = frozenset({File.ENCODINGS, File.LABELS})


@dataclass(frozen=True, slots=True)
class Key:
    """One data key: where it lives, its shape and what it is for."""

    name: str
    file: File
    shape: Shape
    doc: str
    example: str
    case: bool = False  # matched case-sensitively: `Ông` and `ông` are two entries
    names: tuple[str, ...] | None = None  # the names a mapping may have; None: any
    names_of: str | None = None  # the names must be entries of this other key
    most: int | None = None  # the largest number a NUMBER_MAP may hold
    entity: str | None = None  # NAMES: the entity type its names get

    @property
    def overlayable(self) -> bool:
        """Whether a user file may change it (`--rules`, `--gazetteer`)."""
        return self.file not in OWN_FILES


_LEVELS = tuple(level.value for level in Level)
_KINDS = tuple(kind.value for kind in Kind)
T, N, Q, C, D, G, E, L = (
    File.TEXT,
    File.NUMBERS,
    File.QUANTITIES,
    File.CONFERENCES,
    File.DONATIONS,
    File.GAZETTEER,
    File.ENCODINGS,
    File.LABELS,
)
W, ONE, WM, NM, NA, TA = Shape.WORDS, Shape.WORD, Shape.WORD_MAP, Shape.NUMBER_MAP, Shape.NAMES, Shape.TABLE

KEYS: tuple[Key, ...] = (
    # text
    Key("abbreviations", T, W, "words after which a dot ends no sentence", "[TP, GS, PGS]", case=True),
    Key("captions", T, W, "words that open a photo or video credit before a colon", "[Ảnh, Nguồn]"),
    Key("header_keys", T, W, "keys of the `# key = value` lines that open a file: its metadata", "[doc_id, url, date]"),
    # numbers
    Key("units", N, NM, "digits 1-9 as words", "{một: 1, hai: 2}", most=9),
    Key("zero", N, W, "zero, only inside a longer number (không trăm)", "[không]"),
    Key("after_ten", N, NM, "units after mười (mười lăm = 15)", "{lăm: 5, tư: 4}", most=9),
    Key("after_tens", N, NM, "units after mươi (hai mươi mốt = 21)", "{mốt: 1, tư: 4}", most=9),
    Key("ten", N, W, "ten, alone or before a unit", "[mười]"),
    Key("tens", N, W, "times ten after a unit 2-9", "[mươi]"),
    Key("hundred", N, W, "times a hundred", "[trăm]"),
    Key("zero_tens", N, W, "no tens inside a number (một trăm linh năm = 105)", "[linh, lẻ]"),
    Key("scales", N, NM, "scale words that multiply the number before them", "{nghìn: 1000, tỷ: 1000000000}"),
    Key("scale_abbreviations", N, NM, "short scale words, only right after digits (5tr)", "{tr: 1000000}"),
    Key("half", N, W, "one half, also before a scale word (nửa triệu)", "[nửa]"),
    Key("and_a_half", N, W, "half of the scale or unit before it (3 triệu rưỡi, 1 năm rưỡi)", "[rưỡi]"),
    Key(
        "not_before",
        N,
        WM,
        "syllables after a scale word that make it another word (tỷ lệ)",
        "{tỷ: [lệ]}",
        names_of="scales",
    ),
    Key("bare_scale_qualifiers", N, W, "words that make a bare scale word a number (hàng trăm)", "[hàng, vài]"),
    Key("range_words", N, W, "words that join two numbers into one range", "[đến, '-']"),
    Key("range_dashes", N, W, "range words that keep two scaled amounts apart", "['-', '–']"),
    Key("range_openers", N, W, "a word before a range that belongs to its span", "[từ]"),
    # quantities
    Key("currencies", Q, WM, "written currencies by the unit they give", "{usd: [USD, đô la]}"),
    Key("measures", Q, WM, "units of measure by kind", "{weight: [tấn, kg]}", names=_KINDS),
    Key("percent", Q, W, "words that give the unit %", "['%', phần trăm]"),
    Key("unit_heads", Q, W, "units that stay whole when the segmenter glues a word to them", "[người, tấn]"),
    Key("classifiers", Q, W, "classifiers whose kind is that of the noun after them (lượt người)", "[lượt, con]"),
    Key("titled_units", Q, W, "nouns that are the unit alone before a name or a label (22 Nhà Đại đoàn kết)", "[nhà]"),
    Key("unit_compounds", Q, W, "compounds that stay whole as a unit where the segmenter cuts them", "[kỳ họp]"),
    Key("people", Q, W, "units that count people (kind people)", "[người, hội viên]"),
    Key("households", Q, W, "units that count households (kind households)", "[hộ, gia đình]"),
    Key("labels", Q, W, "words before a number that make it a label or ordinal", "[số, lớp, vòng]"),
    Key("not_labels", Q, W, "two words that look like a label but are not", "[trong vòng]"),
    Key("not_units", Q, W, "words after a number that make it no quantity", "[tuổi, giờ sáng]"),
    Key("qualifiers", Q, W, "words before a number that make it approximate", "[khoảng, hơn, gần]"),
    Key("qualifiers_after", Q, W, "words after a quantity that make it approximate", "[trở lên]"),
    Key("one_counts", Q, W, "words that make a bare một a count", "[chỉ, tổ chức]"),
    Key("money_cues", Q, W, "words near a bare scaled number that make it money in đồng", "[tiền, ủng hộ]"),
    Key("year_words", Q, W, "words before a year that give the year of the figures near it", "[năm]"),
    Key("ambiguous_numbers", Q, W, "number words that count only as numerals or before people and meetings", "[năm]"),
    Key("article_numbers", Q, W, "number words that are also the article 'a'", "[một]"),
    Key("money_nouns", Q, W, "nouns of money after a scaled number that leave the unit đồng implied", "[tiền mặt]"),
    Key("per_words", Q, W, "words before a noun that make a value per item (mỗi căn)", "[mỗi]"),
    # conferences
    Key("meetings", C, W, "meeting words: a quantity of them is a conference", "[hội nghị, đối thoại]"),
    Key("meeting_counters", C, W, "counter words that count meetings before a meeting word", "[buổi, cuộc]"),
    Key("not_meetings", C, W, "activities counted by a meeting counter that are no meetings", "[giám sát]"),
    Key("reception_verbs", C, W, "verbs before a bare counter that make it citizen-reception sessions", "[tiếp]"),
    Key("held_words", C, W, "words after a single meeting that say it was held", "[được tổ chức]"),
    Key("levels", C, WM, "level words after a level marker, by level", "{commune: [xã, phường]}", names=_LEVELS),
    Key("level_markers", C, W, "words after which a level word names a meeting's level", "[cấp, tại các]"),
    Key("level_stops", C, W, "words after a meeting figure that introduce participants, not its level", "[giữa, với]"),
    Key("aggregate_prefixes", C, W, "words before a level word that make a total across levels", "[toàn]"),
    Key("level_list_markers", C, W, "level markers that open the next item of a list of levels", "[cấp]"),
    Key("standalone_levels", C, WM, "words that name a level on their own", "{province: [Tỉnh ủy]}", names=_LEVELS),
    # donations
    Key(
        "donation_verbs",
        D,
        WM,
        "giving, receiving, collecting and weak verbs",
        "{give: [ủng hộ], receive: [tiếp nhận], collect: [vận động được]}",
        names=("give", "receive", "collect", "weak"),
    ),
    Key("recipient_markers", D, W, "words before the recipient after a giving verb", "[cho, giúp]"),
    Key("donor_markers", D, W, "words before the donor after a receiving verb", "[từ, của]"),
    Key("subject_skip", D, W, "adverbs and auxiliaries between a giver and the verb", "[đã, tiếp tục]"),
    Key("name_prefixes", D, W, "words in front of a donor or recipient that are not the name", "[đại diện]"),
    Key("not_donation", D, W, "words that make a sentence no donation (prizes, sales, insurance)", "[giải thưởng]"),
    Key("gift_units", D, W, "units of goods that make even a weak verb a donation", "[suất quà]"),
    Key("not_goods", D, W, "units that are no gift even after a giving verb", "[điểm, lần]"),
    Key("verb_nominalisers", D, W, "words before a verb that make it a noun", "[sự, việc]"),
    Key("not_giving_after", D, W, "words after a receiving verb that make it another verb", "[thấy, định]"),
    Key("early_recipient_markers", D, W, "recipient markers that may come before the amount", "[cho]"),
    Key("demonstratives", D, W, "words that close the phrase before a donor", "[đó, này]"),
    Key("name_joiners", D, W, "words that join the parts of one donor's or recipient's name", "[và, của]"),
    Key("phrase_stops", D, W, "words that end a recipient's phrase", "[với, để, nhân dịp]"),
    Key("event_frames", D, W, "words between a subject and its verb that frame an event", "[tổ chức, lễ]"),
    Key("visit_words", D, W, "words before a body gone to, which receives the gift", "[đến]"),
    Key("partner_markers", D, W, "words before a partner, who is not the giver", "[phối hợp với]"),
    Key("agent_markers", D, W, "words before the giver of a passive verb", "[được, do]"),
    Key("origin_markers", D, W, "words before where a giver comes from: the name is the noun before them", "[đến từ]"),
    Key("person_heads", D, W, "nouns that a verb after them makes into one noun", "[người]"),
    Key("source_words", D, W, "words for the source of money before the giver's name", "[nguồn ủng hộ]"),
    Key("not_parties", D, W, "heads of phrases that are no party: purposes and the gift itself", "[công tác, tiền]"),
    Key("list_openers", D, W, "words that open a list of givers or recipients", "[gồm, như, trong đó]"),
    Key("call_words", D, W, "words before a giving verb that make it a call to give", "[đề nghị, kêu gọi]"),
    Key("count_heads", D, W, "subjects that count the receivers named after a copula (Số hộ ... là 4.000 hộ)", "[số]"),
    Key("copulas", D, W, "the copula before the count of receivers", "[là]"),
    Key("body_heads", D, W, "capitalised heads of bodies whose names go on with a verb", "[ban]"),
    Key(
        "value_openers", D, W, "words opening a sentence that states the value of the gift before it", "[tổng trị giá]"
    ),
    # gazetteer: names
    Key("provinces", G, NA, "provinces and centrally run cities", "{Hà Nội: [Hà Nội, TP Hà Nội]}", True, entity="LOC"),
    Key(
        "cities",
        G,
        NA,
        "cities, towns and places that are not provinces",
        "{Nha Trang: [Nha Trang]}",
        True,
        entity="LOC",
    ),
    Key("regions", G, NA, "regions", "{miền Trung: [miền Trung]}", True, entity="LOC"),
    Key("countries", G, NA, "countries", "{Nhật Bản: [Nhật Bản, Nhật]}", True, entity="LOC"),
    Key("organisations", G, NA, "organisations", "{Vinamilk: [Vinamilk]}", True, entity="ORG"),
    Key("misc", G, NA, "diseases, products and other names", "{Covid-19: [Covid-19, COVID-19]}", True, entity="MISC"),
    # gazetteer: word lists
    Key("org_heads", G, W, "capitalised words that open an organisation's name", "[Bộ, Sở, Công ty]", True),
    Key("org_heads_lower", G, W, "lower-case words that open an organisation before a name", "[bệnh viện]", True),
    Key("org_kind_words", G, W, "kind words before an organisation's name, left out of it", "[công ty, báo]", True),
    Key("company_suffixes", G, W, "words that end a company name", "[Group, Corp]", True),
    Key("admin_prefixes", G, W, "administrative words kept in a place's name", "[tỉnh, huyện, xã]", True),
    Key("place_nouns", G, W, "kinds of place before a name, left out of it", "[đường, sông]", True),
    Key("place_heads", G, W, "capitalised words that open a place's name and stay in it", "[Khu công nghiệp]", True),
    Key("titles", G, W, "titles and forms of address before a person", "[ông, Chủ tịch]", True),
    Key("job_nouns", G, W, "nouns for people by their job: never the edge of a name", "[công nhân]", True),
    Key("not_entities", G, W, "capitalised words that are no names", "[CEO, GDP]", True),
    Key("other_heads", G, W, "capitalised words opening names of laws, events and awards", "[Luật, Nghị định]", True),
    Key("product_words", G, W, "words for products before a name that is no entity", "[mẫu xe, phim]", True),
    Key("surnames", G, W, "family names", "[Nguyễn, Trần]", True),
    Key("given_names", G, W, "given names of foreign persons", "[John, Donald]", True),
    Key("stop_words", G, W, "lower-case words that end a name when they follow it", "[ngày, của]", True),
    Key("quantifiers", G, W, "words that make the head after them a kind of thing counted", "[các, nhiều]", True),
    Key("country_cues", G, W, "words after which a title that is a country name is the country", "[người, của]", True),
    Key("place_prepositions", G, W, "words after which an unknown name is most likely a place", "[ở, tại]", True),
    Key("numbered_prefixes", G, W, "administrative prefixes that take a number as the name", "[quận, phường]", True),
    Key("credit_words", G, W, "words before a colon that make the name after it a credited person", "[ảnh]", True),
    Key("address_words", G, W, "words before a house number that make the words after it a street", "[số, ngõ]", True),
    Key("task_words", G, W, "verbs that name a body's task inside its name", "[phòng, chống]", True),
    Key("conjunctions", G, W, "words that join parts of a name or a list of names", "[và]", True),
    Key("title_joiners", G, W, "words that join two titles of one person", "[kiêm]", True),
    Key("trailing_words", G, W, "words that never end a name", "[và, của]", True),
    Key("national_qualifiers", G, W, "capitalised words a name runs on to", "[Trung ương, Quốc gia]", True),
    Key("placed_acronyms", G, W, "acronyms that name a body only with the place they govern", "[UBND, HĐND]", True),
    Key("city_prefixes", G, W, "prefixes of a city whose canonical name uses city_abbreviation", "[thành phố]"),
    Key("city_abbreviation", G, ONE, "the short prefix of a city's canonical name", "TP", True),
    Key("generic_heads", G, W, "lower-case heads that yield to a capitalised head after them", "[trường]", True),
    Key("country_titles", G, W, "titles that are also a country's name", "[anh]", True),
    Key(
        "admin_levels",
        G,
        WM,
        "administrative prefixes by the level of the unit they name (lower case)",
        "{district: [quận, huyện]}",
        names=("province", "district", "commune"),
    ),
    Key("company_endings", G, W, "endings glued to a company's name", "[bank, Bank]", True),
    Key("model_words", G, W, "words that end a product model's name: no entity", "[Pro, Max]", True),
    Key("ticker_cues", G, W, "words that make an unknown three-letter acronym a stock ticker", "[cổ phiếu]", True),
    Key("web_domains", G, W, "domains after a website's name, which make it an organisation", "[vn, com]", True),
    Key(
        "province_successors",
        G,
        WM,
        "provinces underthesea's 2025 table knows only by a later name, under that name",
        "{Huế: [Thừa Thiên Huế]}",
    ),
    Key("language_words", G, W, "words after which a country's name is its language, no entity", "[tiếng]", True),
    Key(
        "number_only_prefixes", G, W, "administrative prefixes that open a place only before a number", "[Q., P.]", True
    ),
    # encodings
    Key("tcvn3", E, TA, "TCVN3 (ABC) bytes of each letter and tone mark", "{letters: {a: {à: 0xB5}}}"),
    Key("vni", E, TA, "VNI-Windows spelling of each letter", "{letters: {a: {à: aø}}}"),
    Key("known_syllables", E, TA, "syllables seen in a Vietnamese corpus, for scoring legacy readings", "[của]"),
    # labels of the report
    Key(
        "report_labels",
        L,
        TA,
        "the report's labels by name, in Vietnamese and English",
        "{total: {vi: tổng, en: total}}",
    ),
    Key("level_names", L, TA, "names of the levels (and none)", "{commune: {vi: xã/phường, en: commune/ward}}"),
    Key("kind_names", L, TA, "names of the kinds of quantity", "{money: {vi: tiền, en: money}}"),
    Key("entity_type_names", L, TA, "names of the entity types", "{PER: {vi: người, en: people}}"),
    Key("display_scales", L, NM, "scale words for big numbers in reports and charts", "{tỷ: 1000000000}"),
)

BY_NAME: dict[str, Key] = {key.name: key for key in KEYS}


def keys_of(file: File) -> tuple[Key, ...]:
    """The keys of one data file, in declaration order."""
    return tuple(key for key in KEYS if key.file is file)


def key(name: str) -> Key:
    """The declared key of that name; KeyError naming the allowed keys otherwise."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no data key {name!r} is declared in dan_van/language/schema.py") from None
