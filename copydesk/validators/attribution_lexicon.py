"""Word lists for the `attribution` check family.

Every list here is written for copydesk by hand; none is copied from a third-party
resource. All entries are lower case literal words or phrases: the validator
lowercases each text once and matches the lists as prefix tries (fast, and no
IGNORECASE penalty). Where each list comes from:

* REPORTING_VERBS and SOURCE_PHRASES -- the cue lexicon. A sentence (or the quotation
  it carries) counts as attributed when one of these cues stands *outside* the quoted
  text. The verbs are the speech-act, writing and cognition predicates that the
  attribution literature treats as reporting cues: Bergler's reporting verbs (Bergler
  1992, "Evidential analysis of reported speech"), the cue class of the PARC
  attribution corpus (Pareti 2012) and of PolNeAR (Newell, Margolin & Ruths 2018),
  whose cue spans are overwhelmingly said/says/told plus a long tail of verbs of
  saying, writing, showing and accusing; and the AP Stylebook's advice to attribute
  with "said" and its plain synonyms. Accusing and denying verbs (accused, blamed,
  denied, rejected) are included because they name who makes the claim ("Yerevan
  rejected ... and blamed Azerbaijan"). Phrases cover "according to", "in a
  statement", documents and data as sources ("figures from", "a poll by"), social
  posts and broadcast interviews. Left out on purpose: "state(s)" and "post(s)",
  which in news copy are nearly always nouns ("the Islamic State", "the United
  States", "The Washington Post") and made an unattributed quote after such a sentence
  look attributed (dev set: +5 removed attributions found, +2 flags on 306k words of
  clean copy, no change on attributed sentences); "stated" and "posted" stay.
* VAGUE_* -- the stock forms of anonymous or evasive sourcing that style guides tell
  reporters to avoid or justify (AP Stylebook, "anonymous sources"; Reuters Handbook
  of Journalism, "sourcing"; Wikipedia's WP:WEASEL list: "some people say", "it is
  believed", "experts declare", "reportedly"). "Supposedly" is left out: it voices the
  writer's doubt ("died while supposedly repelling ...") rather than hiding a source.
* CASUALTY_TERMS, ACCUSATION_PHRASES, PERCEPTION_PHRASES -- the kinds of checkable
  assertion a copy editor expects a source for: casualty counts and accusations of
  wrongdoing (the AP and Reuters rule that contested figures and charges are always
  attributed) and declarations of certainty with no holder (PolNeAR's
  "Attribution-no-source" examples, WP:WEASEL's "it is clear that").
* NAMING_WORDS -- words that introduce a name or title in quotation marks rather than
  a quotation ("a group called "...", "the so-called ...").
"""

from __future__ import annotations

from itertools import product


def _inflect(spec: str) -> tuple[str, ...]:
    """Whitespace-separated word forms -> tuple (keeps the lists readable)."""
    return tuple(spec.split())


def _combine(*parts) -> tuple[str, ...]:
    """Every phrase made of one item of each part, joined by spaces ('' = omitted)."""
    return tuple(" ".join(w for w in combo if w) for combo in product(*parts))


# --------------------------------------------------------------------------- cues
REPORTING_VERBS: tuple[str, ...] = _inflect(
    """
    say says said saying          tell tells told telling
    stated stating                claim claims claimed claiming
    announce announces announced announcing
    accuse accuses accused accusing
    deny denies denied denying    confirm confirms confirmed confirming
    report reports reported reporting
    write writes wrote writing written
    cite cites cited citing       add adds added
    note notes noted noting       explain explains explained explaining
    argue argues argued arguing   insist insists insisted insisting
    assert asserts asserted asserting
    declare declares declared declaring
    acknowledge acknowledges acknowledged acknowledging
    admit admits admitted admitting
    warn warns warned warning     predict predicts predicted predicting
    suggest suggests suggested suggesting
    estimate estimates estimated estimating
    testify testifies testified testifying
    recall recalls recalled recalling
    tweet tweets tweeted tweeting posted
    ask asks asked asking         reply replies replied replying
    respond responds responded responding
    contend contends contended contending
    maintain maintains maintained maintaining
    believe believes believed     agree agrees agreed
    dispute disputes disputed disputing
    allege alleges alleged alleging
    complain complains complained complaining
    concede concedes conceded conceding
    counter counters countered
    emphasize emphasizes emphasized emphasise emphasises emphasised
    stress stresses stressed      conclude concludes concluded concluding
    continue continues continued  comment comments commented
    proclaim proclaims proclaimed thank thanks thanked
    elaborate elaborated          interject interjected interjecting
    retort retorted               snap snapped
    murmur murmured               mutter muttered
    plead pleaded pled            inform informed
    advise advised                instruct instructed
    anticipate anticipated        ponder pondered
    label labels labeled labelled labeling labelling
    reason reasoned               paraphrase paraphrased paraphrasing
    recommend recommended         propose proposed
    observe observes observed     remark remarks remarked remarking
    quip quips quipped            joke jokes joked
    vow vows vowed vowing         promise promises promised promising
    pledge pledges pledged        reveal reveals revealed revealing
    disclose discloses disclosed disclosing
    blame blames blamed blaming   reject rejects rejected rejecting
    charge charges charged        demand demands demanded
    urge urges urged urging       describe describes described describing
    characterize characterizes characterized
    call calls called calling     mention mentions mentioned
    indicate indicates indicated  show shows showed shown
    find finds found              forecast forecasts forecasted
    calculate calculates calculated
    quote quotes quoted           boast boasts boasted
    brag brags bragged            recount recounts recounted
    shout shouted yell yelled scream screamed whisper whispered chant chanted
    exclaim exclaimed             protest protested
    lament lamented               criticize criticized criticise criticised
    condemn condemned             signal signaled signalled
    hint hinted                   imply implied
    reiterate reiterated          answer answered
    challenge challenged          question questioned
    wonder wondered               think thinks thought
    expect expects                hope hopes hoped
    fear fears feared             worry worries worried
    doubt doubts doubted          threaten threatened threatens
    """
)

_STATEMENT_NOUNS = _inflect(
    """statement interview letter memo tweet post speech email e-mail filing report
    release briefing op-ed essay column book video testimony complaint lawsuit
    affidavit ruling opinion transcript"""
) + ("press conference", "news conference")

SOURCE_PHRASES: tuple[str, ...] = (
    ("according to", "as per", "quoted as", "per the", "per a", "per an")
    + _combine(("in", "on"), ("a", "an", "his", "her", "its", "their", "the"), _STATEMENT_NOUNS)
    + _combine(
        _inflect("data figures statistics records estimates documents results numbers poll "
                 "polls polling survey surveys study studies research analysis report reports census"),
        _inflect("from by of released published compiled"),
    )
    + _inflect(
        """spokesman spokeswoman spokesperson spokesmen spokespeople communique communiqué
        pollster pollsters"""
    )
    + ("press release", "news release", "court papers", "court documents", "court records",
       "went on", "goes on", "go on", "pointed out", "points out", "put it", "puts it",
       "in his view", "in her view", "in their view", "'s view", "’s view")
    + _combine(("on",), _inflect("twitter facebook instagram television tv radio cnn msnbc fox nbc abc cbs npr"))
)

# Cues that continue a speaker named before rather than name one ("he added", "she
# continued", "they went on"; "he also said" is matched through SAY_FORMS): with a
# pronoun subject and no speaker named shortly before, the first attribution is gone.
CONTINUATION_CUES = frozenset(_inflect("add adds added continue continues continued")
                              + ("went on", "goes on", "go on"))
SAY_FORMS = frozenset(_inflect("say says said told tells"))

# What a version of a story must have cut for the other version's sentence to count as
# a dropped attribution (rule dropped-attribution): a reporting verb in a form that
# attributes a statement (past, third person, "saying") or an explicit source phrase.
# Narrower than the cue lexicon on purpose: base forms and verbs of proposing, calling
# or describing also occur as plain verbs in a clause an editor cuts for length ("add
# to", "proposed by the government", "described as"). Measured on perf.jsonl (Reuters
# wire copy with many versions of one story): the full lexicon flagged 37 sentences,
# about a third of them such cuts. "say" counts after a subject ("Democrats say"),
# not after a negation or an auxiliary ("did not say"): see SAY_NOT_AFTER.
CUT_CUES: tuple[str, ...] = _inflect(
    """said says saying say told tells wrote writes added adds noted notes stated
    reported reports announced announces argued argues warned warns suggested suggests tweeted
    predicted predicts concluded asserted asserts explained explains responded replied
    testified confirmed confirms insisted insists alleged alleges claimed claims
    recalled denied denies stressed declared estimated calculated continued countered
    acknowledged admitted conceded contended maintained complained emphasized
    emphasised observed remarked revealed disclosed cited quoted"""
) + ("according to", "pointed out", "points out", "went on", "goes on") + tuple(
    p for p in SOURCE_PHRASES if p.startswith(("in ", "on "))
)
SAY_NOT_AFTER = frozenset(_inflect(
    "not n't to did does do would will could can may might should must never cannot"
))

# --------------------------------------------------------------------------- vague
# Anonymous-sounding source nouns. "Officials said" is vague only when nothing names
# or places the officials: the validator accepts only VAGUE_DETERMINERS between the
# noun and a clause boundary (start of sentence, punctuation, a conjunction). "The
# officials said" is not vague: the article named them before.
VAGUE_NOUNS = _inflect("sources officials experts observers critics insiders some many others")
VAGUE_VERBS = _inflect(
    """say says said told tell believe believed believes claim claimed claims suggest
    suggested suggests think thought fear feared argue argued contend contended warn
    warned agree agreed note noted insist insisted"""
)
VAGUE_DETERMINERS = frozenset(_inflect(
    """some many several most other unnamed anonymous unidentified informed senior top
    knowledgeable well-placed reliable credible multiple various numerous few"""
))
VAGUE_CLAUSE_WORDS = frozenset(_inflect("and but that while as because though although so yet or"))
# Phrases that are vague wherever they stand.
VAGUE_PHRASES: tuple[str, ...] = (
    _inflect("reportedly allegedly purportedly reputedly")
    + _combine(("it",), ("is", "was", "has been", "had been"),
               _inflect("reported said claimed alleged rumored rumoured understood believed thought"))
    + _combine(_inflect("is are was were"), _inflect("said rumored rumoured reputed reported believed thought alleged"),
               ("to be", "to have"))
    + _combine(("according to",), ("", "some", "unnamed", "anonymous", "unidentified", "media", "press", "news"),
               _inflect("sources reports accounts rumors rumours insiders"))
    + ("according to officials", "according to experts", "according to observers",
       "according to critics", "a source said", "one source said", "a source told")
    + _combine(("it is", "it was"), ("widely", "generally", "commonly"),
               _inflect("believed accepted thought assumed reported rumored"))
    + _combine(("has been", "have been", "had been"), ("", "widely"), ("reported", "rumored", "rumoured"))
)

# --------------------------------------------------------------------------- claims
# Casualty words; a count must stand within a few words before ("49 soldiers were
# killed") or right after ("killing at least 12", "a death toll of 300").
CASUALTY_TERMS: tuple[str, ...] = _inflect(
    """killed dead died slain wounded injured maimed casualties fatalities deaths
    executed massacred murdered abducted kidnapped killing wounding injuring toll"""
)
# Number words a count can be written with (AP style spells out one to nine).
NUMBER_WORDS: frozenset[str] = frozenset(_inflect(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred hundreds thousand thousands dozen dozens scores million millions"""
))
# Words after a figure that make it a time, an age or a rate rather than a count.
NOT_COUNT_UNITS: frozenset[str] = frozenset(_inflect(
    """year years month months week weeks day days hour hours minute minutes second
    seconds decade decades century centuries ago times percent pct a.m. p.m. am pm
    o'clock"""
))
_HARMS = _inflect(
    """attack attacks bombing bombings shelling killing killings deaths death massacre
    violence shooting assassination explosion blast crash fire leak leaks hack hacking
    breach fraud crime crimes abuse abuses atrocities provocation losses collapse"""
)
ACCUSATION_PHRASES: tuple[str, ...] = (
    _combine(_inflect("was were is are"), ("responsible for", "to blame for", "behind"),
             ("the", "a", "an", ""), _HARMS)
    + _combine(_inflect("was were is are"), ("guilty of",))
    + _inflect("orchestrated masterminded genocide atrocities atrocity bribery embezzled embezzlement")
    + ("war crime", "war crimes", "ethnic cleansing", "crimes against humanity", "cover-up",
       "covered up", "rigged the", "lied to", "lied about", "committed fraud", "committed perjury",
       "a provocation", "an act of aggression", "acts of sabotage", "act of sabotage",
       "violated the ceasefire", "violated the truce", "violated the law", "violated the agreement",
       "violated the constitution", "broke the law", "broke the ceasefire",
       # provocation and lying stated as fact ("the shelling was provoked by X", "Z lied")
       "provoked by", "lied", "lying to", "lying about")
)
PERCEPTION_PHRASES: tuple[str, ...] = (
    _combine(("it",), ("is", "was", "seems", "seemed", "appears", "appeared", "became", "has become"),
             _inflect("clear obvious evident apparent undeniable certain inevitable"))
    + ("there is no doubt", "there is little doubt", "there can be no doubt", "there is no question",
       "no doubt", "of course", "undoubtedly", "unquestionably", "everyone knows", "everybody knows",
       "needless to say", "make no mistake", "it appears", "it seems", "it is unclear", "it was unclear",
       "it remains unclear", "remains to be seen", "known for", "under scrutiny")
    + _combine(_inflect("appear appears appeared seem seems seemed"), ("to",))
    + _combine(_inflect("is are was were"), ("widely", "generally", ""),
               _inflect("seen viewed regarded perceived considered"), ("as",))
)
# Optional kinds (off by default, see the validator's docstring): money and statistics
# are regular expressions over the lowercased text.
MONEY_PATTERN = (
    r"[$€£¥]\s?\d|\b\d[\d,.]*\s*(?:million|billion|trillion|mln|bln)?\s*"
    r"(?:dollars|dlrs|euros|pounds|sterling|stg|yen|francs|marks|rubles|roubles|yuan|rupees)\b"
)
STATISTIC_PATTERN = (
    r"\b\d[\d,.]*\s?(?:%|percent\b|per cent\b|pct\b|percentage points?\b)"
    r"|\b\d+ (?:in|out of) (?:\d+|ten|five|four|three)\b"
)

# Words before an opening quotation mark that make the quoted text a name or title.
NAMING_WORDS: tuple[str, ...] = (
    "called", "dubbed", "titled", "entitled", "named", "nicknamed", "labeled", "labelled",
    "known as", "so-called", "slogan", "motto", "hashtag", "headline", "headlined",
    "phrase", "term", "word", "words", "banner", "sign", "signs", "read", "reads",
)
