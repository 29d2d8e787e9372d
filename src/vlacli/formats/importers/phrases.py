"""What a phrase of an awesome list is: a link's label, a venue, a date, a list of names — or a title.

The reader (:mod:`.evidence`) asks these of every phrase it weighs for a title. Years are the one year
rule's (:mod:`vlacli.core.years`); venues are the venue table's names (:mod:`vlacli.core.venues`), the
acronyms lists write (``KDD``, ``MICCAI``, ``ENLSP``), ``Venue'24`` and ``CVPR2023``. Pure.
"""

from __future__ import annotations

import functools
import html
import re

from ...core.years import YEAR_PATTERN, find_year, full_year, is_year

YEAR = re.compile(YEAR_PATTERN)
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2190-\u21FF\u2300-\u23FF\uFE0F\u200d\u20e3]")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_WORD = re.compile(r"\b(?:" + "|".join(MONTHS) + r")[a-z]*\.?", re.I)
SHORTCODE = re.compile(r":[a-z0-9_+-]{2,30}:")  # :fire:, :star:, :mortar_board:


def _split(text: str) -> list[str]:
    """The words of a text block (a list written as prose, one word or phrase per space)."""
    return text.split()


def _words(text: str) -> frozenset[str]:
    return frozenset(" ".join(w.split()) for w in text.split(",") if w.strip())


# Link labels: what a link is called when its text is not the paper's title (compared as `fold` gives them).
PAPER_WORDS = _words("""paper, pdf, arxiv, openreview, doi, link, paper link, article, acl, ieee, springer, pub,
    publication, preprint, abs, proceedings, html, abstract, full paper, arxiv paper, paper pdf, pdf link,
    arxiv link, read paper, see paper, ieee xplore, acm, acm dl, sciencedirect, nature, science, pmlr, cvf, ecva,
    ojs, semantic scholar, researchgate, pubmed, biorxiv, medrxiv, paper openreview, survey paper, survey,
    technical report, tech report, report, main paper, camera ready, conference paper, journal paper, page""")
WEBSITE_WORDS = _words("""website, project, project page, page, homepage, home page, webpage, web page, web, site,
    blog, demo, project website, project site, project webpage, official website, online demo, live demo, 🌐""")
CODE_WORDS = _words("""code, codes, github, git, repo, repository, implementation, source, official code,
    source code, code repo, code link, pytorch, tensorflow, jax, keras, paddle, paddlepaddle, mindspore, caffe,
    matlab, mxnet, chainer, official, unofficial, pytorch code, tensorflow code, official pytorch, official
    tensorflow, official implementation, unofficial implementation, third party, gitlab, colab, notebook, 💻""")
OTHER_WORDS = _words("""video, videos, youtube, bilibili, slides, slide, poster, bibtex, bib, data, dataset, datasets,
    model, models, weights, checkpoint, checkpoints, huggingface, hugging face, hf, twitter, x, talk, tweet,
    zhihu, cite, citation, supp, supplementary, leaderboard, benchmark, docs, documentation, here, details,
    more, star, stars, news, medium, review, reviews, presentation, short presentation, talk video, github repo
    stars, github stars, authors, author, tldr, tl dr, summary, key, keywords, env, institution, institutions,
    venue, date, publisher, task, tasks, notes, note, link1, link2, dataset link, model link, download,
    space, spaces, api, app, tool, toolkit, platform, playground, gradio, discussion, issues, chinese, english,
    translation, interpretation, explanation, blog post, thread, podcast, recording, audio, samples, sample,
    example, examples, results, result, appendix, figure, figures, table, new, hot, fire, updated, update,
    extension, extended, extended version, journal version, conference version, journal extension, full version,
    long version, short version, arxiv version, published version, preprint version, v1, v2, v3, errata,
    erratum, corrigendum""")
LABELS = PAPER_WORDS | WEBSITE_WORDS | CODE_WORDS | OTHER_WORDS
# A label made of these words only (digits aside) is a label too: "official code1", "codes and platform".
LABEL_WORDS = frozenset(w for label in LABELS for w in label.split()) | _words("""and, or, the, our, full,
    version, v, viewer, benchmarks, implementations, available, coming, soon, not, yet, in, construction,
    released, release, link, links, pages, repos, sites, websites, main, extended, long, short, ver, online,
    offline, local, official, github, hub, card""")

# Venues lists write besides the venue table's (compared upper-cased, as whole words).
VENUE_NAMES = _words("""ICLR, ICML, NEURIPS, NIPS, CVPR, ICCV, ECCV, AAAI, IJCAI, ACL, EMNLP, NAACL, COLING, EACL, KDD,
    WWW, SIGIR, WSDM, CIKM, RECSYS, ICRA, IROS, RSS, CORL, RAL, RA-L, TRO, T-RO, TPAMI, PAMI, T-PAMI, TIP, TMLR,
    JMLR, IJCV, MICCAI, ISBI, MIDL, TMI, MIA, WACV, BMVC, 3DV, SIGGRAPH, TOG, MM, ACMMM, ACM MM, ICASSP,
    INTERSPEECH, ICDE, VLDB, SIGMOD, AISTATS, UAI, COLT, ARXIV, CVPRW, ICCVW, ECCVW, TKDE, TNNLS, TITS, TCSVT, TMM,
    NATURE, SCIENCE, PNAS, ICME, ICIP, ACCV, ECAI, IJCNN, ICPR, ICLRW, ICMLW, NEURIPSW, TACL, FINDINGS, LREC,
    HRI, HUMANOIDS, CASE, ICSE, FSE, ASE, ISSTA, PLDI, OSDI, SOSP, NSDI, MLSYS, ISCA, MICRO, HPCA, ASPLOS, DAC,
    ICCAD, USENIX, CCS, NDSS, SIGCOMM, INFOCOM, MOBICOM, UBICOMP, CHI, UIST, TVCG, CVIU, JBHI, EUROGRAPHICS,
    EGSR, ICDM, SDM, PAKDD, ECML, ECML-PKDD, IJCNLP, AACL, CONLL, SEMEVAL, SIGDIAL, INLG, COLM, CORR, PREPRINT,
    TOIS, TOSEM, TIST, TKDD, TWEB, TNN, TCYB, TASLP, TSP, TGRS, GRSL, JSTARS, ISPRS, TAI, TAFFC, TIFS, TDSC,
    TSMC, TETCI, TCDS, NN, PR, KBS, ESWA, INS, NEUROCOMPUTING, IPM, ICLR WORKSHOP, ICML WORKSHOP, BIOINFORMATICS,
    NPJ, CELL, LANCET, NEJM, JAMA, MEDIA, RADIOLOGY, IPMI, BIBM, ISMB, RECOMB, ICMR, MMM, ACL FINDINGS,
    EMNLP FINDINGS, NAACL FINDINGS, ENLSP, DLP-KDD, ICPC, ICSME, SANER, MSR, ESEC, OOPSLA, POPL, ICDCS, ICWS,
    ISWC, ESWC, WISE, DASFAA, ICONIP, IJCAI-ECAI, ICTAI, ICMI, ICCV WORKSHOP, CVPR WORKSHOP, WORKSHOP, ICLR BLOG,
    BMVA, IET, IEEE, ACM, SPRINGER, ELSEVIER, OPENREVIEW, SSRN, BIORXIV, MEDRXIV, CHEMRXIV, ARXIV PREPRINT,
    TECHREPORT, JOURNAL, TMC, TPDS, TC, JSAC, TWC, TCOM, IOTJ, TNSE, TSC, TII, TIE, TVT, ITSC, IV, ICASSP
    WORKSHOP""")
VENUE_FILLER = _words("""workshop, workshops, oral, spotlight, poster, best, paper, award, conference, journal,
    proceedings, of, the, on, in, and, track, main, short, long, demo, accepted, submitted, under, review,
    preprint, version, highlight, finalist, w, ws, findings, student, camera, ready, honorable, mention, early,
    access, special, issue, volume, vol, no, part, letters, transactions, international, annual, ieee, acm,
    selected, outstanding, industry, system, systems, demonstrations, tutorial, tutorials, extended, abstract,
    abstracts, arxiv, preprint, openreview, submission, rejected, withdrawn, under-review, oral presentation""")
MONTH_NAMES = _words("""jan, january, feb, february, mar, march, apr, april, may, jun, june, jul, july, aug, august,
    sep, sept, september, oct, october, nov, november, dec, december""")


def fold(text: str) -> str:
    """A phrase as labels compare: lower case, emoji, shortcodes, emphasis and brackets gone."""
    text = SHORTCODE.sub(" ", EMOJI.sub(" ", html.unescape(text)))
    text = text.replace("*", "").replace("`", "").replace("_", " ").replace("\\", "")
    text = re.sub(r"[\[\](){}<>\"“”'’:.,;!?|/·•~#+=-]+", " ", text)
    return " ".join(text.casefold().split())


@functools.lru_cache(maxsize=65536)
def is_label(text: str) -> bool:
    """A link label that names what the link is, not the paper: ``Paper``, ``[[Code]]``, ``📄 Paper``,
    ``Project Page``, ``official code1``, ``Code (not yet)``, ``GitHub Repo stars``."""
    folded = fold(text)
    if not folded:
        return True
    if folded in LABELS:
        return True
    words = re.sub(r"\d+", " ", folded).split()
    return bool(words) and all(w in LABEL_WORDS for w in words)


# -- dates and venues ------------------------------------------------------------------------------
@functools.lru_cache(maxsize=65536)
def parse_year(text: str) -> int | None:
    """The year in ``2025``, ``2025-06``, ``8/2025``, ``Jun 2025``, ``May 17th 2024``, ``June 24``."""
    year = find_year(text)
    if year is not None:
        return year
    m = re.search(r"\b(?:" + "|".join(MONTHS) + r")[a-z]*\.?\s*'?(\d{2})\b", text, re.I)
    if m:
        return full_year(int(m.group(1)))
    m = re.search(r"\b\d{1,2}/(\d{2})\b", text)
    if m:
        return full_year(int(m.group(1)))
    return None


TAG = re.compile(r"<[^>]+>")
LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?(?P<url>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"<a\s[^>]*?href\s*=\s*[\"'](?P<url>[^\"']+)[\"'][^>]*>(?P<text>.*?)</a>", re.I | re.S)
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>", re.I)


def strip_markup(text: str) -> str:
    """A Markdown phrase's visible text, roughly: images, links' addresses, tags, emoji and emphasis gone."""
    text = IMAGE.sub("", text)  # badges and icons
    text = HTML_LINK.sub(lambda m: m["text"], text)
    text = LINK.sub(lambda m: m["text"], text)
    text = TAG.sub("", text)
    text = EMOJI.sub("", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return " ".join(html.unescape(text).split())


@functools.lru_cache(maxsize=65536)
def split_venue(text: str) -> tuple[str | None, int | None]:
    """``CoRL, Jul 2023`` -> (CoRL, 2023); ``ICRA 2025 Best Paper Finalist`` -> (ICRA, 2025)."""
    t = _visible(text).strip(" ()[],.;·|")
    year = parse_year(t)
    venue = YEAR.split(t, maxsplit=1)[0] if YEAR.search(t) else t
    venue = MONTH_WORD.sub(" ", venue)
    venue = re.sub(r"\b\d{1,2}(?:st|nd|rd|th)?\b|\d+/\d+|'\d{2}\b", " ", venue)
    venue = " ".join(venue.split()).strip(" ,.;:/-–—'’")
    if not venue or len(venue) > 60 or venue.lower() in {"date", "year"} or not any(c.isalpha() for c in venue):
        return None, year
    return venue, year


def _visible(text: str) -> str:
    if any(c in text for c in "[<*`!_&"):
        return strip_markup(text)
    return " ".join(text.split())


_TOKEN = re.compile(r"\d*[A-Za-z][A-Za-z&+-]*\d*|\d+|'\d{2}")
_ACRONYM = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?:-[A-Z]+)?|[A-Z]{2,}")
_TWO_DIGITS = re.compile(r"'?\d{2}'?")


@functools.lru_cache(maxsize=65536)
def _known_venue(name: str) -> bool:
    from ...core.venues import default_table

    up = name.upper()
    return up in VENUE_NAMES or default_table().lookup(name) is not None


def known_venue(name: str) -> bool:
    """A venue the venue table or the lists' acronyms know (``arXiv``, ``CVPR``, ``Conference on Robot Learning``)."""
    return bool(name.strip()) and _known_venue(name.strip())


@functools.lru_cache(maxsize=65536)
def is_venue_or_date(text: str, *, acronym: bool = False) -> bool:
    """A venue or a date and nothing else: ``ICLR 2018``, ``ACM MM``, ``NeurIPS'24``, ``CVPR2023 workshop``,
    ``May 2024``, ``2023.05``, ``(Arxiv 24.03.08)``, ``Preprint 24'``, ``Nature Medicine, 2023``. An acronym
    the venue names do not know (``ENLSP``) counts beside a known venue, a year or a month — alone only
    with ``acronym`` (a paper link's label: ``[ACM-BCB](…)``), for ``BERT`` is no venue."""
    plain = fold(text.replace("'", " '"))
    if not plain:
        return False
    if len(plain) > 6 and _known_venue(text.strip(" ()[],.;·|*_")):
        return True  # a venue's full name: "Conference on Robot Learning"
    if re.fullmatch(r"[\d\s.'/-]+", plain) and any(ch.isdigit() for ch in plain):
        return True  # 2023, 2023.05, 24.03.08, 8/2025
    tokens = _TOKEN.findall(text.replace("’", "'"))
    if not tokens or len(tokens) > 8:
        return False
    known = 0
    acronyms = 0
    unknown = 0
    workshop = any(t.lower() in ("workshop", "workshops", "challenge", "track", "symposium") for t in tokens)
    for token in tokens:
        low = token.lower().strip("-'")
        if not low:
            continue
        m = re.fullmatch(r"([A-Za-z][A-Za-z&+-]*?)-?(\d{2}|\d{4})", token)
        if m and (_known_venue(m.group(1)) or (len(m.group(2)) == 4 and re.fullmatch(r"[A-Z]{2,8}", m.group(1))
                                               and is_year(int(m.group(2))))):
            known += 1  # CVPR2023, arXiv2024, ICLR-24 (not VGG-16, ResNet-50: models)
            continue
        if token.isdigit() or _TWO_DIGITS.fullmatch(token):
            if not (len(token.strip("'")) in (2, 4) or (len(token) <= 2 and any(
                    t.lower() in MONTH_NAMES for t in tokens))):
                return False
            known += 1
        elif low in MONTH_NAMES or _known_venue(token):
            known += 1
        elif low in VENUE_FILLER:
            continue
        elif _ACRONYM.fullmatch(token) and len(token) <= 10 and acronyms < 2:
            acronyms += 1
        elif low.endswith(("st", "nd", "rd", "th")) and low[:-2].isdigit():
            continue
        elif workshop and token[:1].isupper() and unknown < 3:
            unknown += 1  # "CVPR24 Precognition Workshop": a workshop's own name
        else:
            return False
    return known > 0 or (acronym and acronyms > 0)


_GLUED = re.compile(r"\b([A-Za-z][A-Za-z-]*?)(\d{2}|\d{4})\b")


@functools.lru_cache(maxsize=65536)
def venue_year(text: str, *, acronym: bool = False) -> tuple[str | None, int | None] | None:
    """``text`` read as a venue and a year, when it is one (:func:`is_venue_or_date`), else None:
    ``NeurIPS'24`` -> (NeurIPS, 2024), ``CVPR2023`` -> (CVPR, 2023), ``Arxiv 24.03.08`` -> (Arxiv, 2024)."""
    if not is_venue_or_date(text, acronym=acronym):
        return None
    t = " ".join(text.replace("’", "'").split()).strip(" ()[],.;·|*_")
    glued = next((m for m in _GLUED.finditer(t) if _known_venue(m[1])), None)  # CVPR24, ICLR2025
    if glued is not None:
        t = t[:glued.start()] + glued[1] + t[glued.end():]
    year = parse_year(t)
    if year is None and glued is not None:
        digits = int(glued[2])
        year = full_year(digits) if len(glued[2]) == 2 else digits if is_year(digits) else None
    m = re.search(r"(?:^|[\s(])(\d{2})\.\d{2}(?:\.\d{2})?\b|'(\d{2})\b|\b(\d{2})'", t)
    if year is None and m:
        year = full_year(int(next(g for g in m.groups() if g)))
    venue, _ = split_venue(re.sub(r"\d{2}\.\d{2}(?:\.\d{2})?|'\d{2}\b|\b\d{2}'", " ", t))
    if venue is not None:
        venue = re.sub(r"(?<=[A-Za-z])-?$", "", venue).strip(" '-")
        if not any(ch.isalpha() for ch in venue) or fold(venue) in {"date", "time", "published"}:
            venue = None
    return venue or None, year


# -- people -----------------------------------------------------------------------------------------
_NAME_WORD = re.compile(r"(?:[^\W\d_][\w'’.-]*|\w\.)$", re.UNICODE)
_PARTICLES = frozenset({"de", "van", "von", "der", "den", "di", "da", "la", "le", "du", "del", "dos", "bin", "al",
                        "ter", "zu", "y", "el"})
_ET_AL = re.compile(r"\s*,?\s*(?:et\.?\s*al\.?|and others|etc\.?)\s*$", re.I)
_AFFILIATION = re.compile(r"\([^()]*\)")


_NOT_NAMES = frozenset(w.casefold() for w in _split("""
    University Universität Université Universidad Institute Institut College School Lab Labs Laboratory
    Laboratories Academy Center Centre Research Inc Corp Corporation Ltd Co Technology Technologies Tech
    Hospital Department Dept AI Group Foundation Company Team Meta Google Microsoft DeepMind OpenAI NVIDIA
    Nvidia Facebook Amazon Apple Alibaba Tencent Baidu Huawei ByteDance SenseTime Samsung Sony Intel IBM Adobe
    Salesforce Uber Waymo Toyota Honda Bosch Berkeley Stanford Oxford Cambridge Tsinghua Peking Zhejiang Fudan
    MIT CMU KAIST HKUST NTU NUS USC UCLA UCSD UIUC ETH EPFL Mila Inria CNRS National State Key Science Sciences
    Engineering Systems Studio Studios Hub Initiative Alliance Consortium Preprint arXiv Workshop Conference
    Journal Proceedings Paper
"""))
# Words of titles, that no name is made of (a title in title case reads like a list of names otherwise).
_TITLE_WORDS = frozenset(_split("""
    a an the of for with via and or in on to from by at as into towards toward using beyond through under over
    without is are be can do does not all any we our your how what why when which learning learned learn model
    models modeling modelling network networks neural deep large language vision visual image images video
    videos graph graphs data dataset datasets benchmark benchmarks survey review efficient robust scalable
    generative generation diffusion transformer transformers attention training inference reasoning agent
    agents multi multimodal embodied robot robots robotic robotics control policy policies planning detection
    segmentation recognition classification representation representations understanding analysis approach
    framework method methods system systems federated adversarial attack attacks defense privacy secure
    security fair fairness optimization reinforcement supervised unsupervised self semi zero few shot one two
    three end object objects scene scenes point cloud clouds 3d 2d text speech audio knowledge retrieval
    recommendation recommender personalized communication distributed decentralized heterogeneous temporal
    spatial spatio dynamic dynamics adaptive adaptation transfer domain generalization general universal
    unified open simple towards new novel improving improved enhancing boosting rethinking revisiting exploring
    understanding probabilistic bayesian stochastic gradient random optimal fast faster sparse low rank high
    quality medical clinical health autonomous driving navigation manipulation prediction forecasting time
    series anomaly anomalies spacecraft dimensional nonparametric thresholding correlation test estimation
    entropy principal component proximal reshuffling taming noise unlearning provable lstms cardiac convolution
    convolutional free based aware guided driven level scale world foundation instruction tuning prompt
    prompting alignment evaluation evaluating game games search online offline mixture experts expert memory
    long context short token tokens sequence sequences state space
"""))
_HYPHEN_WORD = re.compile(r"-[a-z]{3,}")


def _name_word(word: str) -> bool:
    w = word.strip(".,'’")
    low = w.casefold()
    if low in _PARTICLES:
        return True
    if not _NAME_WORD.match(word) or not (w[:1].isupper() or len(w) <= 3) or low in _NOT_NAMES:
        return False
    if low in _TITLE_WORDS and (len(low) > 3 or not w[:1].isupper()):
        return False  # "of", "for", "Learning"; but "An" and "Li" are names too
    return not (_HYPHEN_WORD.search(w) and low.split("-")[-1] in _TITLE_WORDS)


def names(text: str, *, loose: bool = False) -> list[str] | None:
    """The people ``text`` lists (see :func:`_names`), or None."""
    found = _names(text, loose)
    return list(found) if found is not None else None


@functools.lru_cache(maxsize=65536)
def _names(text: str, loose: bool) -> tuple[str, ...] | None:
    """The people ``text`` lists — ``Jun Wu, Jingrui He, Jiejun Xu.``, ``Polyak et al.``, ``Aman Madaan
    (Carnegie Mellon University) et al.``, ``A, B and C`` — or None when it is not a list of names. Each
    name is one to four words of a name (no word of a title: ``Proximal and Federated Random Reshuffling``
    is no list of people). Without ``loose`` (italics, a line of authors), a list of more than one name
    needs a comma, or "et al."."""
    t = " ".join(_AFFILIATION.sub(" ", text.replace("*", " ").replace("_", " ")).split()).strip(" .,;:")
    if not t or len(t) > 3000 or any(ch.isdigit() for ch in t):
        return None
    others = bool(_ET_AL.search(t))
    t = _ET_AL.sub("", t).strip(" .,;")
    parts = [p.strip(" .") for p in re.split(r",|;|\band\b|&", t) if p.strip(" .")]
    if not parts:
        return ("others",) if others else None
    if not loose and not others and len(parts) > 1 and "," not in t and ";" not in t:
        return None
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= 4 + sum(1 for w in words if w.casefold() in _PARTICLES):
            return None
        if not all(_name_word(w) for w in words):
            return None
        if not any(w[:1].isupper() for w in words):
            return None
    if len(parts) == 1 and len(parts[0].split()) < 2 and not others:
        return None  # one word is not yet a name
    if all(len(p.split()) == 1 for p in parts) and len(parts) < 4 and not others:
        return None
    return (*parts, "others") if others else tuple(parts)


def clean_names(found: list[str]) -> list[str]:
    """Names as a paper keeps them, when each is a whole name (``Given Family``): else none (a list of
    family names and given names in turn, ``He, Jiaming, Li, Mingrui``, says who but not how)."""
    people = [n for n in found if n != "others"]
    if not people or any(len(n.split()) < 2 for n in people):
        return []
    return found


# -- titles ------------------------------------------------------------------------------------------
_URLISH = re.compile(r"^\s*<?(?:https?://|www\.)|://|\.(?:com|org|io|net|html?)\b", re.I)


@functools.lru_cache(maxsize=65536)
def title_like(text: str) -> bool:
    """Whether a phrase can be a paper's title: letters, not a label, venue, date, URL or number."""
    t = text.strip()
    letters = sum(ch.isalpha() for ch in t)
    if len(t) > 500 or letters < 1 or (letters < 2 and (" " in t or sum(ch.isalnum() for ch in t) < 2)):
        return False  # "T5" and "π0" are names; "x" and "a 1" are not
    if _URLISH.search(t) or is_label(t) or is_venue_or_date(t):
        return False
    return not re.fullmatch(r"[\W\d_]+", t)
