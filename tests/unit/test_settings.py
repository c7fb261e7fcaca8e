"""The configuration contract of SPEC.md: config.toml, DELIBOT_<SECTION>__<KEY> overrides, problems
reported with their key paths, and the policies the domain receives."""

from datetime import timedelta
from pathlib import Path

import pytest

from bot.settings import (
    PLACEHOLDER_IDS,
    ConfigError,
    check_config,
    config_path,
    config_warnings,
    load_settings,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"
TOKEN = "123456:AAE-s3cr3t-t0ken-value"
ENV = {"DELIBOT_TELEGRAM__TOKEN": TOKEN}
TOKEN_PROBLEM = (
    "telegram.token: not set; export DELIBOT_TELEGRAM__TOKEN=<token from @BotFather> (never commit it)"
)

GROUP = """
[[groups]]
chat_id = -100111
title = "科创中心建言群"
topics = { "人才" = ["招聘"], "创新" = ["科技"] }
"""


@pytest.fixture
def write(tmp_path: Path):
    def write(text: str) -> Path:
        path = tmp_path / "config.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


# --- the example file ----------------------------------------------------------------------------


def test_the_example_file_is_valid_without_a_token_when_none_is_needed() -> None:
    assert check_config(EXAMPLE, env={}, require_token=False) == []


def test_the_example_file_is_valid_with_the_token_from_the_environment() -> None:
    assert check_config(EXAMPLE, env=ENV) == []


def test_the_example_file_documents_every_key_of_every_section() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    settings = load_settings(EXAMPLE, env=ENV)
    for section in ("telegram", "webhook", "database", "locale", "moderation", "nickname", "pruning"):
        assert f"[{section}]" in text
        for key in type(getattr(settings, section)).model_fields:
            assert f"\n{key} = " in text, f"{section}.{key} is not in config.example.toml"
    for section in ("handling", "http", "digest", "supervision"):
        for key in type(getattr(settings, section)).model_fields:
            assert f"\n{key} = " in text, f"{section}.{key} is not in config.example.toml"
    for key in ("messages =", "per =", "[groups.nickname]", "[groups.pruning]", "[groups.moderation]"):
        assert key in text


def test_the_example_group_turns_into_a_group_policy_whose_topics_count_their_own_name() -> None:
    settings = load_settings(EXAMPLE, env=ENV)
    (chat_id,) = settings.group_policies()
    policy = settings.group_policy(chat_id)
    assert policy is not None
    assert policy.title == "科创中心建言群"
    assert policy.topics["人才"] == ("人才", "招聘")
    assert set(policy.topics) == {"人才", "创新", "转型"}
    assert policy.locale == "zh" and policy.timezone == "Asia/Shanghai"
    assert policy.moderation.moderators == frozenset({111111})
    assert policy.nickname.separators == ("-", "·", "|", "/", " ")


def test_the_example_departments_officials_and_faq_become_plain_values() -> None:
    settings = load_settings(EXAMPLE, env=ENV)
    departments = {d.id: d for d in settings.departments()}
    assert departments["talent"].name == "市人才办" and departments["talent"].topics == ("人才",)
    assert departments["innovation"].topics == ("创新", "转型")
    assert settings.officials() == {222222: ("talent",), 333333: ("innovation",)}
    (entry,) = settings.faq()
    assert entry.keywords == ("社保", "医保") and entry.answer
    assert settings.all_moderators() == frozenset({111111})


def test_handling_and_digest_policies_carry_the_configured_values_and_the_timezone(write) -> None:
    path = write(
        '[locale]\ntimezone = "Europe/Berlin"\n[handling]\nred_after = "20d"\n[digest]\nat = "07:15"\n'
    )
    settings = load_settings(path, env=ENV)
    assert settings.handling_policy().red_after == timedelta(days=20)
    assert settings.handling_policy().yellow_after == timedelta(days=5)
    digest = settings.digest_policy()
    assert (digest.at, digest.timezone, digest.weekly_ranking) == ("07:15", "Europe/Berlin", "mon")


def test_a_chat_that_is_not_configured_has_no_policy(write) -> None:
    settings = load_settings(write(GROUP), env=ENV)
    assert settings.group_policy(-100111) is not None
    assert settings.group_policy(-100999) is None


def test_group_policies_are_computed_once(write) -> None:
    settings = load_settings(write(GROUP), env=ENV)
    assert settings.group_policies() is settings.group_policies()


# --- bad values, with their key paths ------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        (
            '[pruning]\ninactive_after = "thirty days"',
            'pruning.inactive_after: "thirty days" is not a duration',
        ),
        ('[moderation]\nmute_for = "5x"', 'moderation.mute_for: "5x" is not a duration'),
        ("[nickname]\ngrace = 24", 'nickname.grace: must be a string such as "30d", got 24'),
        ('[nickname]\ngrace = "0s"', "nickname.grace: must be longer than 0s"),
        ('[moderation.flood]\nper = "1d1d"', 'moderation.flood.per: "1d1d" is not a duration'),
        ('[telegram]\nmode = "poll"', "telegram.mode: Input should be 'polling' or 'webhook' (got \"poll\")"),
        ('[telegram]\napi_base = "ftp://x"', 'telegram.api_base: "ftp://x" is not an http(s) URL'),
        ('[webhook]\nlisten = "8080"', 'webhook.listen: "8080" is not "host:port"'),
        ('[database]\nurl = "delibot.db"', "database.url: not a database URL"),
        ('[locale]\ndefault = "fr"', "locale.default: Input should be 'zh' or 'en'"),
        ('[locale]\ntimezone = "Mars/Olympus"', 'locale.timezone: "Mars/Olympus" is not a time zone'),
        ("[moderation]\nwarn_limit = 0", "moderation.warn_limit: Input should be greater than or equal to 1"),
        ("[moderation]\nmoderators = [0]", "moderation.moderators[0]: Input should be greater than 0"),
        ('[moderation]\nbanned_words = [""]', "moderation.banned_words[0]: must not be empty"),
        ('[nickname]\nmode = "strict"', "nickname.mode: Input should be 'display' or 'register'"),
        ("[nickname]\nseparators = []", "nickname.separators: must not be empty"),
        ('[pruning]\nwarn_before = "30d"', "pruning.warn_before: must be shorter than inactive_after (30d)"),
        ("[pruning]\ncapacity = -1", "pruning.capacity: Input should be greater than or equal to 0"),
        ("[pruning]\ncapacity = 10\nreserve = 10", "pruning.reserve: must be smaller than capacity (10)"),
        ('[handling]\nred_after = "5d"', "handling.red_after: must be longer than yellow_after (5d)"),
        ('[handling]\nurge_after = "10d"', "handling.urge_after: must be longer than red_after (15d)"),
        ('[http]\nlisten = "localhost"', 'http.listen: "localhost" is not "host:port"'),
        ('[digest]\nat = "25:00"', 'digest.at: "25:00" is not a time of day "HH:MM"'),
        ('[digest]\nweekly_ranking = "monday"', "digest.weekly_ranking: Input should be 'mon'"),
        ('[[groups]]\nchat_id = 5\ntitle = "x"', "groups[0].chat_id: group chat ids are negative"),
        ("[[groups]]\nchat_id = -5", "groups[0].title: required"),
        (
            '[[groups]]\nchat_id = -5\ntitle = "x"\ntopics = { "人 才" = [] }',
            'groups[0].topics.人 才: "人 才" cannot',
        ),
        ('[[faq]]\nkeywords = []\nanswer = "a"', "faq[0].keywords: must not be empty"),
        ('[[departments]]\nid = "a b"\nname = "x"', 'departments[0].id: "a b" must be letters, digits'),
        ('[[departments]]\nid = "a"\nname = "x"\nleaders = ["赵"]',
         "departments[0].leaders[0]: Input should be a valid integer"),
        ('[[departments]]\nid = "a"\nname = "x"\nleaders = [-3]',
         "departments[0].leaders[0]: Input should be greater than 0"),
        ('[[departments]]\nid = "a"\nname = "x"\nreview = true',
         "departments[0].review: review = true needs leaders"),
        ('[handling]\npromise_grace = "2d"\npromise_red_after = "1d"',
         "handling.promise_red_after: must be longer than promise_grace (2d)"),
        ('[handling]\npromise_grace = "soon"', 'handling.promise_grace: "soon" is not a duration'),
        ('[supervision]\noffice = "市政务公开办公室"',
         "supervision.members: nobody receives the office's notices"),
        ("[supervision]\nsupervisors = [555]\nmembers = [444]", "supervision.office: required"),
        ("[supervision]\nmembers = [0]", "supervision.members[0]: Input should be greater than 0"),
        ('[nickname]\nexempt_officials = "maybe"',
         "nickname.exempt_officials: Input should be a valid boolean"),
        ("database = 5", "database: Input should be a table (got 5)"),
        ("[moderation]\nflood = 5", "moderation.flood: Input should be a table (got 5)"),
        ("[moderation]\nmoderators = [true]", "moderation.moderators[0]: Input should be a valid integer"),
        ('groups = "all"', "groups: Input should be a valid list"),
    ],
)
def test_a_bad_value_is_reported_at_its_key_path(write, toml: str, problem: str) -> None:
    problems = check_config(write(toml), env=ENV)
    assert len(problems) == 1, problems
    assert problems[0].startswith(problem)


def test_every_problem_is_reported_at_once(write) -> None:
    path = write(
        '[telegram]\nmode = "poll"\n[pruning]\ninactive_after = "thirty days"\n'
        '[digest]\nat = "8"\n[[groups]]\nchat_id = -1\ntitle = "g"\n[groups.nickname]\ngrace = "soon"\n'
    )
    problems = check_config(path, env={})
    paths = [problem.split(":")[0] for problem in problems]
    assert paths == [
        "telegram.token",
        "telegram.mode",
        "pruning.inactive_after",
        "digest.at",
        "groups[0].nickname.grace",
    ]


def test_load_settings_raises_one_error_listing_every_problem(write) -> None:
    path = write('[pruning]\ninactive_after = "thirty days"\n[digest]\nat = "8"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env=ENV)
    assert caught.value.problems == check_config(path, env=ENV)
    assert len(caught.value.problems) == 2
    assert "pruning.inactive_after" in str(caught.value)


def test_a_toml_syntax_error_is_one_problem_with_its_line(write) -> None:
    (problem,) = check_config(write('[telegram]\nmode = "polling"\napi_base = \n'), env=ENV)
    assert "line 3" in problem


def test_webhook_mode_needs_a_public_url_and_a_secret_token(write) -> None:
    problems = check_config(write('[telegram]\nmode = "webhook"\n[webhook]\npublic_url = ""\n'), env=ENV)
    assert [p.split(":")[0] for p in problems] == ["webhook.public_url", "webhook.secret_token"]
    env = {**ENV, "DELIBOT_WEBHOOK__SECRET_TOKEN": "s3cr3t_hook"}
    assert (
        check_config(
            write('[telegram]\nmode = "webhook"\n[webhook]\npublic_url = "https://a.b/tg"\n'), env=env
        )
        == []
    )


def test_two_groups_with_one_chat_id_and_two_departments_with_one_id_are_reported(write) -> None:
    path = write(
        GROUP + GROUP + '[[departments]]\nid = "d"\nname = "A"\n[[departments]]\nid = "d"\nname = "B"\n'
    )
    problems = check_config(path, env=ENV)
    assert problems == [
        "groups[1].chat_id: same chat_id as groups[0]",
        'departments[1].id: "d" is used by another department',
    ]


def test_a_department_topic_that_no_group_has_is_reported(write) -> None:
    path = write(
        GROUP + '[[departments]]\nid = "talent"\nname = "市人才办"\ntopics = ["人才"]\n'
        '[[departments]]\nid = "traffic"\nname = "交通局"\ntopics = ["创新", "交通"]\n'
    )
    assert check_config(path, env=ENV) == ['departments[1].topics: "交通" is not a topic of any group']


# --- unknown keys --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ('colour = "red"', "colour: unknown key"),
        ('[telegram]\ntokn = "x"', "telegram.tokn: unknown key"),
        ("[colour]\nred = 1", "colour: unknown key"),
        ("[moderation.flood]\nburst = 3", "moderation.flood.burst: unknown key"),
        (GROUP + "owner = 1", "groups[0].owner: unknown key"),
        (GROUP + '[groups.nickname]\nsep = "-"', "groups[0].nickname.sep: unknown key"),
        (GROUP + "[groups.moderation.flood]\nburst = 3", "groups[0].moderation.flood.burst: unknown key"),
        (GROUP + "[groups.handling]\nred_after = '9d'", "groups[0].handling: unknown key"),
        ('[[departments]]\nid = "a"\nname = "A"\nhead = 1', "departments[0].head: unknown key"),
        ('[[faq]]\nkeywords = ["a"]\nanswer = "b"\nlink = "c"', "faq[0].link: unknown key"),
    ],
)
def test_an_unknown_key_is_reported_at_every_level(write, toml: str, problem: str) -> None:
    assert check_config(write(toml), env=ENV) == [problem]


def test_an_unknown_key_in_the_environment_is_reported_by_the_variable_s_name(write) -> None:
    assert check_config(write(""), env={**ENV, "DELIBOT_PRUNING__INACTIVE": "3d"}) == [
        'DELIBOT_PRUNING__INACTIVE: not a setting: [pruning] has no key "inactive" '
        "(did you mean inactive_after?)"
    ]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("DELIBOT_PRUNINGG__X", 'not a setting: there is no section "pruningg" (did you mean pruning?)'),
        ("DELIBOT_FROBNICATE", 'not a setting: there is no section "frobnicate"'),
        ("DELIBOT_TELEGRAM_TOKEN", "not a setting: did you mean DELIBOT_TELEGRAM__TOKEN?"),
        ("DELIBOT_MODERATION__FLOOD__BURST", '[moderation.flood] has no key "burst"'),
        ("DELIBOT_PRUNING__CAPACITY__MAX", 'pruning.capacity is a single value, it has no key "max"'),
    ],
)
def test_a_variable_that_names_no_setting_is_reported_by_name(write, name: str, problem: str) -> None:
    (reported,) = check_config(write(""), env={**ENV, name: "1"})
    assert reported.startswith(f"{name}: ") and reported.endswith(problem)


def test_run_refuses_a_variable_that_names_no_setting(write) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(GROUP), env={**ENV, "DELIBOT_PRUNINGG__X": "1"})
    assert caught.value.problems[0].startswith("DELIBOT_PRUNINGG__X: not a setting")


def test_other_problems_are_still_reported_beside_a_bad_variable(write) -> None:
    problems = check_config(
        write('[pruning]\ninactive_after = "soon"\n'), env={**ENV, "DELIBOT_PRUNINGG__X": "1"}
    )
    assert len(problems) == 2 and problems[1].startswith("pruning.inactive_after:")


def test_the_variables_that_are_not_settings_pass(write) -> None:
    env = {**ENV, "DELIBOT_LOG_LEVEL": "debug", "DELIBOT_TEST_PG_HOST": "db", "OTHER": "x"}
    assert check_config(write(GROUP), env={**env, "DELIBOT_CONFIG": str(write(GROUP))}) == []


def test_a_variable_may_be_spelled_in_lower_case_as_pydantic_settings_reads_it(write) -> None:
    assert load_settings(write(""), env={**ENV, "delibot_pruning__capacity": "50"}).pruning.capacity == 50


# --- environment overrides -----------------------------------------------------------------------


def test_the_environment_beats_the_file(write) -> None:
    path = write(
        '[pruning]\ninactive_after = "30d"\nwarn_before = "2d"\n[database]\nurl = "sqlite+aiosqlite:///a.db"\n'
    )
    env = {
        **ENV,
        "DELIBOT_PRUNING__INACTIVE_AFTER": "10d",
        "DELIBOT_DATABASE__URL": "postgresql+asyncpg://db/x",
    }
    settings = load_settings(path, env=env)
    assert settings.pruning.inactive_after == timedelta(days=10)
    assert settings.pruning.warn_before == timedelta(days=2)
    assert settings.database.url == "postgresql+asyncpg://db/x"


def test_nested_and_list_keys_can_be_set_from_the_environment(write) -> None:
    env = {
        **ENV,
        "DELIBOT_MODERATION__FLOOD__PER": "5s",
        "DELIBOT_MODERATION__MODERATORS": "[7, 8]",
        "delibot_locale__default": "en",
    }
    settings = load_settings(write(GROUP), env=env)
    moderation = settings.group_policy(-100111).moderation
    assert moderation.flood.per == timedelta(seconds=5)
    assert moderation.flood.messages == 8
    assert moderation.moderators == frozenset({7, 8})
    assert settings.locale.default == "en"


def test_a_bad_value_from_the_environment_is_reported_at_its_key(write) -> None:
    problems = check_config(write(""), env={**ENV, "DELIBOT_PRUNING__INACTIVE_AFTER": "soon"})
    assert problems == [
        'pruning.inactive_after: "soon" is not a duration (use e.g. 90s, 15m, 12h, 30d, 1d12h)'
    ]


def test_malformed_json_in_the_environment_names_the_variable(write) -> None:
    problems = check_config(write(""), env={**ENV, "DELIBOT_MODERATION__MODERATORS": "[1,"})
    assert problems == [
        "DELIBOT_MODERATION__MODERATORS: not valid JSON (Expecting value at column 4); "
        "expected a JSON list such as [111, 222]"
    ]


@pytest.mark.parametrize(
    ("name", "value", "shape"),
    [
        ("DELIBOT_MODERATION__FLOOD", "{messages: 3}", "table"),
        ("DELIBOT_GROUPS", "", "list"),
        ("DELIBOT_DEPARTMENTS", "[{]", "list"),
    ],
)
def test_bad_json_for_a_table_or_a_list_names_the_variable(write, name: str, value: str, shape: str) -> None:
    (problem,) = check_config(write(""), env={**ENV, name: value})
    assert problem.startswith(f"{name}: ") and f"expected a JSON {shape}" in problem


def test_the_config_path_comes_from_the_argument_then_the_environment_then_the_default() -> None:
    assert config_path("a.toml", {"DELIBOT_CONFIG": "b.toml"}) == Path("a.toml")
    assert config_path(None, {"DELIBOT_CONFIG": "b.toml"}) == Path("b.toml")
    assert config_path(None, {}) == Path("config.toml")


def test_the_file_named_by_delibot_config_is_read(write) -> None:
    path = write('[digest]\nat = "06:00"\n')
    assert load_settings(env={**ENV, "DELIBOT_CONFIG": str(path)}).digest.at == "06:00"


def test_without_a_file_the_environment_alone_is_enough_and_defaults_apply(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(env=ENV)
    assert settings.pruning.inactive_after == timedelta(days=30)
    assert settings.groups == []


def test_without_a_file_and_without_a_token_both_are_reported(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    problems = check_config(env={})
    assert problems[0].startswith("config.toml: no such file")
    assert problems[1] == TOKEN_PROBLEM


def test_a_named_file_that_does_not_exist_is_a_problem(tmp_path) -> None:
    missing = tmp_path / "typo.toml"
    assert check_config(missing, env=ENV) == [f"{missing}: no such file"]


# --- per-group overrides -------------------------------------------------------------------------


def test_a_group_overriding_only_the_grace_keeps_the_global_separators(write) -> None:
    path = write(
        '[nickname]\nseparators = ["-", "·"]\nunits = ["海淀区"]\n'
        + GROUP
        + '[groups.nickname]\ngrace = "48h"\n'
        + '[[groups]]\nchat_id = -100222\ntitle = "other"\n'
    )
    settings = load_settings(path, env=ENV)
    overridden = settings.group_policy(-100111).nickname
    assert overridden.grace == timedelta(hours=48)
    assert overridden.separators == ("-", "·") and overridden.units == ("海淀区",)
    assert settings.group_policy(-100222).nickname.grace == timedelta(hours=24)


def test_a_group_flood_override_is_merged_key_by_key(write) -> None:
    path = write("[moderation.flood]\nmessages = 5\n" + GROUP + '[groups.moderation.flood]\nper = "30s"\n')
    flood = load_settings(path, env=ENV).group_policy(-100111).moderation.flood
    assert (flood.messages, flood.per, flood.mute_for) == (5, timedelta(seconds=30), timedelta(hours=1))


def test_a_group_override_and_an_inherited_key_must_agree(write) -> None:
    path = write('[pruning]\nwarn_before = "3d"\n' + GROUP + '[groups.pruning]\ninactive_after = "2d"\n')
    assert check_config(path, env=ENV) == [
        "groups[0].pruning.warn_before: must be shorter than inactive_after (2d)"
    ]


def test_an_environment_override_reaches_groups_that_inherit_it(write) -> None:
    settings = load_settings(write(GROUP), env={**ENV, "DELIBOT_PRUNING__CAPACITY": "500"})
    assert settings.group_policy(-100111).pruning.capacity == 500


def test_group_moderators_count_among_all_moderators(write) -> None:
    path = write("[moderation]\nmoderators = [1]\n" + GROUP + "[groups.moderation]\nmoderators = [2, 3]\n")
    settings = load_settings(path, env=ENV)
    assert settings.group_policy(-100111).moderation.moderators == frozenset({2, 3})
    assert settings.all_moderators() == frozenset({1, 2, 3})


def test_an_official_in_two_departments_is_listed_with_both(write) -> None:
    path = write(
        GROUP + '[[departments]]\nid = "a"\nname = "A"\nofficials = [5, 6]\ntopics = ["人才"]\n'
        '[[departments]]\nid = "b"\nname = "B"\nofficials = [5]\n'
    )
    assert load_settings(path, env=ENV).officials() == {5: ("a", "b"), 6: ("a",)}


# --- the token -----------------------------------------------------------------------------------


def test_a_missing_token_is_one_problem_that_says_how_to_set_it(write) -> None:
    assert check_config(write(GROUP), env={}) == [TOKEN_PROBLEM]
    assert check_config(write('[telegram]\ntoken = "  "\n'), env={}) == [TOKEN_PROBLEM]


def test_a_missing_token_is_no_problem_when_none_is_needed(write) -> None:
    assert check_config(write(GROUP), env={}, require_token=False) == []
    assert load_settings(write(GROUP), env={}, require_token=False).telegram.token.get_secret_value() == ""


def test_the_token_never_appears_in_the_settings_repr_or_str(write) -> None:
    settings = load_settings(write(GROUP), env=ENV)
    assert settings.telegram.token.get_secret_value() == TOKEN
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)
    assert TOKEN not in repr(settings.telegram)


def test_the_token_never_appears_in_problems(write) -> None:
    path = write(
        f'[telegram]\ntoken = "{TOKEN}"\ntokn = "{TOKEN}"\nmode = "{TOKEN}"\n'
        f'[webhook]\nsecret_token = "{TOKEN}!"\n[database]\nurl = "{TOKEN}"\n'
    )
    problems = check_config(path, env={"DELIBOT_TELEGRAM__TOKEN": 5 * TOKEN})
    assert len(problems) == 4
    assert all(TOKEN not in problem for problem in problems)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    assert TOKEN not in str(caught.value) and TOKEN not in repr(caught.value)
    assert caught.value.__cause__ is None and caught.value.__context__ is None


# --- warnings: valid, but very likely not meant ----------------------------------------------------


def test_the_example_s_placeholder_ids_are_warned_of_at_their_key_paths() -> None:
    warnings = config_warnings(load_settings(EXAMPLE, env=ENV))
    assert [w.split(":")[0] for w in warnings] == [
        "moderation.moderators[0]", "supervision.members[0]", "supervision.supervisors[0]",
        "groups[0].chat_id", "departments[0].officials[0]", "departments[0].leaders[0]",
        "departments[1].officials[0]",
    ]
    assert warnings[0] == (
        "moderation.moderators[0]: 111111 is the example's placeholder; put the real id "
        "(the bot's /id command tells it)"
    )


@pytest.mark.parametrize("placeholder", sorted(PLACEHOLDER_IDS))
def test_every_placeholder_is_recognised_wherever_an_id_goes(write, placeholder: int) -> None:
    user = abs(placeholder) if placeholder > 0 else 7
    path = write(
        f"[moderation]\nmoderators = [{user}]\nlog_chat_id = {placeholder}\n"
        f"[digest]\nfallback_chat_id = {placeholder}\n"
    )
    warned = {w.split(":")[0] for w in config_warnings(load_settings(path, env=ENV))}
    assert {"moderation.log_chat_id", "digest.fallback_chat_id"} <= warned


def test_real_ids_raise_no_warning(write) -> None:
    path = write(GROUP + "[moderation]\nmoderators = [5551234]\n")
    assert config_warnings(load_settings(path, env=ENV)) == []


def test_a_group_without_topics_is_warned_of(write) -> None:
    path = write('[[groups]]\nchat_id = -100222\ntitle = "闲聊群"\n')
    assert config_warnings(load_settings(path, env=ENV)) == [
        "groups[0].topics: 闲聊群 has no topics, so no hashtag files a proposal there "
        "(only /propose does, and those go to the moderators to assign)"
    ]


def test_leaders_review_and_the_supervising_office_become_plain_values(write) -> None:
    settings = load_settings(write(
        '[[departments]]\nid = "talent"\nname = "市人才办"\nofficials = [2]\nleaders = [3, 3]\n'
        'review = true\n'
        '[supervision]\noffice = " 市政务公开办公室 "\nchat_id = -100\nsupervisors = [5]\n'
    ), env=ENV)
    (department,) = settings.departments()
    assert (department.leaders, department.review) == ((3,), True)
    office = settings.supervision_policy()
    assert (office.office, office.recipients, office.supervisors, office.configured) == (
        "市政务公开办公室", (-100,), (5,), True)
    assert settings.leaders() == {3: ("talent",)}
    assert settings.handling_policy().promise_red_after == timedelta(days=5)
    assert not load_settings(write(""), env=ENV).supervision_policy().configured
