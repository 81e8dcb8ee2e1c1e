"""Issue 18 (extraction): pages in scripts and encodings other than English's keep their article.

The pages here are written for the tests in the style of the development pages (an old Chinese
forum page saved without a charset, a news page in simplified Chinese); none is copied.
"""

from __future__ import annotations

from newsearch.parsing import parse_bytes
from newsearch.parsing.html import decode_html

STORY = [
    "港口管理局周二宣布，从下月起将把夜间渡轮的班次增加一倍，以应对旅游旺季的客流。",
    "管理局发言人说，新增的班次主要集中在晚上九点到凌晨一点之间，票价维持不变。",
    "当地居民对这一决定表示欢迎，但也有人担心码头周边的交通会更加拥堵。",
    "据统计，去年夏季每天乘坐渡轮往返两岸的旅客超过一万二千人次，比前年增加了三成。",
]


def forum_page(declare: str = "") -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declare}">' if declare else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return (
        f"<html><head>{meta}<title>夜间渡轮班次将增加一倍</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> | <a href='/news'>新闻</a> | <a href='/bbs'>论坛</a></div>"
        f"<h1>夜间渡轮班次将增加一倍</h1><div class='content'>{paragraphs}</div>"
        "<div class='foot'>版权所有 2005 港口论坛</div></body></html>"
    )


def test_a_chinese_page_saved_without_a_charset_is_read_in_its_own_encoding():
    data = forum_page().encode("gb18030")
    assert decode_html(data) == forum_page()
    (article,) = parse_bytes(data, "bbs-2005.html")
    assert article.title == "夜间渡轮班次将增加一倍"
    assert STORY[0] in article.body and STORY[-1] in article.body
    assert "首页" not in article.body


def test_an_undeclared_western_page_still_reads_as_cp1252():
    page = "<html><body><p>Caf\u00e9 owners on the quay say the \u201cnight ferry\u201d brings them custom.</p></body></html>"
    assert decode_html(page.encode("cp1252")) == page


def test_a_declared_big5_page_is_read_as_declared():
    page = forum_page("big5").replace("渡轮", "渡輪").replace("港口管理局", "港務局")
    text = decode_html(page.encode("big5", errors="replace"))
    assert "渡輪" in text


def test_chinese_credit_lines_give_their_people():
    from newsearch.parsing.bylines import parse_byline

    credit = parse_byline("海港日报记者 林晓峰 周可欣")
    assert [(a.name, a.role) for a in credit.authors] == [("林晓峰", "reporter"), ("周可欣", "reporter")]
    assert credit.outlet == "海港日报"
    assert [a.name for a in parse_byline("□ 本报记者 沈雨桐").authors] == ["沈雨桐"]
    assert parse_byline("□ 本报记者 沈雨桐").outlet is None
    assert [a.name for a in parse_byline("编辑：郑一帆").authors] == ["郑一帆"]
    assert [a.name for a in parse_byline("文/唐思远").authors] == ["唐思远"]
    assert parse_byline("文化节周末开幕") is None


def test_a_chinese_credit_line_may_hold_a_source_and_an_editor_or_a_channel_before_its_label():
    from newsearch.parsing.bylines import parse_byline

    credit = parse_byline("来源：海港日报 编辑：郑一帆")
    assert [(a.name, a.role) for a in credit.authors] == [("郑一帆", "editor")] and credit.outlet == "海港日报"
    credit = parse_byline("海港网港口频道 记者 林晓峰 周可欣")
    assert [a.name for a in credit.authors] == ["林晓峰", "周可欣"] and credit.outlet == "海港网港口频道"
    assert parse_byline("来源：海港日报") is None  # a source alone credits no one
    assert parse_byline("今天 我们 来源：不明 的 消息") is None


def test_a_chinese_text_page_credits_its_reporter():
    page = "\n".join(["夜间渡轮班次将增加一倍", "本报记者 沈雨桐", *STORY, "版权所有 港口日报"])
    (article,) = parse_bytes(page.encode("utf-8"), "ferry.txt")
    assert [a.name for a in article.authors] == ["沈雨桐"]
    assert article.title == "夜间渡轮班次将增加一倍"
    assert STORY[1] in article.body


# Pages in scripts written without spaces between words (Khmer and Burmese end sentences with
# ។ and ။; Thai puts a space between sentences only), each with its menu above and a footer below.
UNSPACED_PAGES = {
    "khmer": (["ទំព័រដើម", "ព័ត៌មាន", "កីឡា"], "សាឡាងពេលយប់នឹងកើនឡើងទ្វេដង", [
        "ក្រុមប្រឹក្សាកំពង់ផែបានប្រកាសកាលពីថ្ងៃអង្គារថា ចាប់ពីខែក្រោយ ចំនួនសាឡាងពេលយប់នឹងកើនឡើងទ្វេដង ដើម្បីឆ្លើយតបនឹងចំនួនអ្នកដំណើរដែលកំពុងកើនឡើង។",
        "អ្នកនាំពាក្យរបស់ក្រុមប្រឹក្សាបាននិយាយថា តម្លៃសំបុត្រនឹងមិនផ្លាស់ប្តូរទេ ហើយសាឡាងថ្មីនឹងចេញដំណើររៀងរាល់កន្លះម៉ោង។",
        "ប្រជាពលរដ្ឋក្នុងតំបន់បានស្វាគមន៍ការសម្រេចចិត្តនេះ ប៉ុន្តែអ្នកខ្លះបារម្ភអំពីការកកស្ទះចរាចរណ៍នៅជិតផែ។",
    ]),
    "burmese": (["ပင်မစာမျက်နှာ", "သတင်း", "အားကစား"], "ညဘက် ကူးတို့သင်္ဘော အကြိမ်ရေ နှစ်ဆ တိုးမည်", [
        "ဆိပ်ကမ်းအာဏာပိုင်အဖွဲ့က နောက်လမှစ၍ ညဘက်ကူးတို့သင်္ဘောအကြိမ်ရေကို နှစ်ဆတိုးမြှင့်မည်ဖြစ်ကြောင်း အင်္ဂါနေ့တွင် ကြေညာခဲ့သည်။",
        "ခရီးသည်အရေအတွက် များပြားလာမှုကို ဖြေရှင်းရန်အတွက် လက်မှတ်ခ မပြောင်းလဲဘဲ နာရီဝက်လျှင် တစ်ကြိမ် ထွက်ခွာမည်ဟု ပြောခွင့်ရသူက ပြောသည်။",
        "ဒေသခံများက ဆုံးဖြတ်ချက်ကို ကြိုဆိုကြသော်လည်း ဆိပ်ကမ်းအနီး ယာဉ်ကြောပိတ်ဆို့မှုကို စိုးရိမ်ကြသည်။",
    ]),
    "thai": (["หน้าแรก", "ข่าว", "กีฬา"], "เรือข้ามฟากกลางคืนเพิ่มเป็นสองเท่า", [
        "คณะกรรมการท่าเรือประกาศเมื่อวันอังคารว่าจะเพิ่มจำนวนเที่ยวเรือข้ามฟากช่วงกลางคืนเป็นสองเท่าตั้งแต่เดือนหน้า เพื่อรองรับผู้โดยสารที่เพิ่มขึ้นในช่วงฤดูท่องเที่ยว",
        "โฆษกของคณะกรรมการกล่าวว่าราคาตั๋วจะไม่เปลี่ยนแปลง และเรือจะออกทุกครึ่งชั่วโมงระหว่างสามทุ่มถึงตีหนึ่ง",
        "ชาวบ้านในพื้นที่ต่างยินดีกับการตัดสินใจครั้งนี้ แต่บางคนกังวลเรื่องการจราจรติดขัดบริเวณท่าเรือ",
    ]),
}


def test_pages_in_unspaced_scripts_keep_title_and_body_and_count_words():
    from newsearch.parsing import boilerplate

    for script, (menu, title, paragraphs) in UNSPACED_PAGES.items():
        page = "\n".join([*menu, title, *paragraphs, "© 2024 Harbour Radio"])
        (article,) = parse_bytes(page.encode("utf-8"), f"{script}.txt")
        assert article.title == title, script
        assert article.body.split("\n\n") == paragraphs, script
        # About as many words as the sentences hold (not one "word" per spaced phrase).
        assert article.word_count == boilerplate.word_count(article.body) > 3 * len(article.body.split()), script
