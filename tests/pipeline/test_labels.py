"""Speaker labels in every common convention, read by document evidence (texts written for the tests)."""

from __future__ import annotations

from textwrap import dedent

from subtitler.pipeline import transcript
from subtitler.pipeline.labels import Label
from subtitler.pipeline.labelwho import role
from subtitler.pipeline.speakers import attribute as speakers
from subtitler.pipeline.speakers.labelled import PEER_TURNS


def _labels(text: str) -> list[tuple[str, str | None]]:
    parsed = transcript.parse(dedent(text))
    return [(p.label.name, p.label.title) for p in parsed.paragraphs if p.label]


def _speech(text: str) -> str:
    return " ".join(s.text for s in transcript.parse(dedent(text)).sentences)


def _people(text: str) -> list[tuple[str | None, str]]:
    return [(s.name, s.role) for s in speakers.attribute(transcript.parse(dedent(text))).speakers]


def test_full_labels_with_titles_then_surname_labels_are_one_person_each() -> None:
    text = """\
        NORA VANCE, NEWS 9 ANCHOR: Good evening. We begin at the harbour.
        PAUL OKAFOR, NEWS 9 CORRESPONDENT: Nora, the ferry is still tied up.
        VANCE: How long will that last?
        OKAFOR: Nobody here can say.
        """
    assert _labels(text) == [("NORA VANCE", "NEWS 9 ANCHOR"), ("PAUL OKAFOR", "NEWS 9 CORRESPONDENT"),
                             ("VANCE", None), ("OKAFOR", None)]
    assert _people(text) == [("Nora Vance", "anchor"), ("Paul Okafor", "correspondent")]
    assert "VANCE" not in _speech(text) and "CORRESPONDENT" not in _speech(text)


def test_an_honorific_and_a_parenthesised_title_with_a_show_name_is_one_label() -> None:
    text = """\
        Ms. LENA HOLT (Host): Welcome back to the programme.
        Mr. OWEN PRICE (Author, "Tides: The Long Talk"): Thanks for having me.
        Ms. HOLT: Let's start with the book.
        """
    assert _labels(text) == [("Ms. LENA HOLT", "Host"), ("Mr. OWEN PRICE", 'Author, "Tides: The Long Talk"'),
                             ("Ms. HOLT", None)]
    assert "Long Talk" not in _speech(text)
    assert _people(text) == [("Ms. Lena Holt", "anchor"), ("Mr. Owen Price", "guest")]


def test_the_host_of_a_show_the_title_names_is_a_guest_on_this_one() -> None:
    text = """\
        Ms. LENA HOLT (Host): Welcome back. My guest hosts a late show of his own.
        Mr. OWEN PRICE (Host, "Price at Night"): Thanks for having me.
        Ms. HOLT: Let's start with the ratings.
        Mr. PRICE: They are fine.
        """
    assert _people(text) == [("Ms. Lena Holt", "anchor"), ("Mr. Owen Price", "guest")]
    assert role(Label("X Y", "HOST, RIVAL NETWORK'S EVENING SHOW", "name")) == "guest"


def test_a_role_word_before_a_name_label_gives_the_role_and_the_name() -> None:
    text = """\
        ANCHOR: MARA DELL: Good evening. Tonight, the flood.
        REPORTER: TIM ROSS: The river crested at noon.
        DELL: Thank you, Tim.
        """
    assert _labels(text)[:2] == [("MARA DELL", "ANCHOR"), ("TIM ROSS", "REPORTER")]
    assert _speech(text).startswith("Good evening.")
    assert _people(text) == [("Mara Dell", "anchor"), ("Tim Ross", "correspondent")]


def test_a_label_wrapped_over_two_lines_is_one_label() -> None:
    text = """\
        NORA VANCE, ANCHOR: Now to the airport.
        GRETA LUND, Director
        of Runway Operations, Harbour Airport: We closed two runways overnight.
        VANCE: For how long?
        """
    assert _labels(text)[1] == ("GRETA LUND", "Director of Runway Operations, Harbour Airport")
    assert "Runway Operations" not in _speech(text)


def test_a_label_glued_to_its_speech_is_read_when_the_name_recurs() -> None:
    text = """\
        DANA COLE: Welcome to the Sunday panel.
        DANA COLE:Our first guest is here.
        IVAN MORA: Glad to be here.
        """
    assert _labels(text) == [("DANA COLE", None), ("DANA COLE", None), ("IVAN MORA", None)]
    assert "Our first guest is here." in _speech(text)


def test_a_time_stamp_after_a_label_is_left_out_and_listed() -> None:
    text = """\
        Rosa Lind: (00:22) Thanks for tuning in.
        Sam Ortiz: (00:31) Happy to be here.
        Rosa Lind: (00:40) Let's begin.
        """
    parsed = transcript.parse(dedent(text))
    assert [p.label.name for p in parsed.paragraphs if p.label] == ["Rosa Lind", "Sam Ortiz", "Rosa Lind"]
    assert "00:22" not in _speech(text)
    assert ("(00:22)", "time stamp") in {(d.text, d.reason) for d in parsed.dropped}


def test_a_stamp_then_the_speaker_in_parentheses_is_a_label() -> None:
    text = """\
        00:01:12 (Rosa Lind/Host)
        Thanks for tuning in tonight.
        00:01:20 (Sam Ortiz/Guest)
        Happy to be here.
        """
    assert _labels(text) == [("Rosa Lind", "Host"), ("Sam Ortiz", "Guest")]
    assert _speech(text) == "Thanks for tuning in tonight. Happy to be here."
    assert _people(text) == [("Rosa Lind", "anchor"), ("Sam Ortiz", "guest")]


def test_a_bracketed_or_parenthesised_role_in_a_label_is_its_title() -> None:
    text = """\
        KIERA BANKS [HOST]: Joining me now is the minister.
        LEO GRANT [MINISTER]: Good afternoon.
        MILES HART (CO-HOST): And good afternoon from me.
        """
    assert _labels(text) == [("KIERA BANKS", "HOST"), ("LEO GRANT", "MINISTER"), ("MILES HART", "CO-HOST")]
    assert _people(text) == [("Kiera Banks", "anchor"), ("Leo Grant", "guest"), ("Miles Hart", "anchor")]


def test_bracketed_role_labels_open_lines() -> None:
    assert [n for n, _ in _labels("[HOST] Welcome back.\n[GUEST] Thank you.\n[HOST] Let's start.\n")] == [
        "HOST", "GUEST", "HOST"]


def test_initials_that_recur_are_labels() -> None:
    text = """\
        CH: Welcome to the show. Today, the budget.
        PM: Thanks for having me.
        CH: What changes first?
        PM: The tax rates.
        """
    assert [n for n, _ in _labels(text)] == ["CH", "PM", "CH", "PM"]
    assert "CH:" not in _speech(text)


def test_questions_and_answers_are_two_voices_and_a_bare_q_counts() -> None:
    text = "Q: Where were you?\nA: At home.\nQ: Alone?\nA: Yes.\n"
    assert [n for n, _ in _labels(text)] == ["Q", "A", "Q", "A"]
    assert _people(text) == [(None, "correspondent"), (None, "guest")]
    briefing = "MS. REED:  Good afternoon.\n\nQ    What about the bill?\n\nMS. REED:  It passes today.\n\nQ    When?\n"
    assert [n for n, _ in _labels(briefing)] == ["MS. REED", "Q", "MS. REED", "Q"]
    assert "Q" not in _speech(briefing).split()


def test_a_label_alone_on_its_line_names_the_speech_after_it() -> None:
    text = """\
        NORA VANCE, ANCHOR:
        Good evening.

        PAUL OKAFOR, CORRESPONDENT:

        The ferry is still tied up.
        """
    parsed = transcript.parse(dedent(text))
    assert [(p.label.name if p.label else None, p.sentences[0].text) for p in parsed.paragraphs] == [
        ("NORA VANCE", "Good evening."), ("PAUL OKAFOR", "The ferry is still tied up.")]


def test_labels_run_together_in_one_line_after_sentence_ends_are_read() -> None:
    text = ("NORA VANCE, NEWS 9 ANCHOR: Good evening. We go to the harbour. PAUL OKAFOR, NEWS 9 CORRESPONDENT: "
            "Nora, the ferry is tied up. [19:00:12] VANCE: For how long? OKAFOR: Nobody can say. "
            "The U.S. COAST GUARD is on its way.\n")
    assert _labels(text) == [("NORA VANCE", "NEWS 9 ANCHOR"), ("PAUL OKAFOR", "NEWS 9 CORRESPONDENT"),
                             ("VANCE", None), ("OKAFOR", None)]
    assert "[19:00:12]" not in _speech(text) and "The U.S. COAST GUARD is on its way." in _speech(text)


def test_bold_markdown_labels_are_read() -> None:
    text = "**Ada Brook:** Welcome to the podcast.\n\n**Cy Rowe:** Thanks, Ada.\n\n**Ada Brook:** So, tell us.\n"
    assert [n for n, _ in _labels(text)] == ["Ada Brook", "Cy Rowe", "Ada Brook"]
    assert "**" not in _speech(text)


def test_full_names_at_paragraph_starts_are_labels_even_once_when_the_convention_is_plain() -> None:
    text = """\
        Jane Moderator: Welcome to the debate.

        Tom Smith: Thank you.

        Jane Moderator: Your first question.

        Ann Lee Carter: Here is my answer.

        Tom Smith: And mine.
        """
    assert [n for n, _ in _labels(text)] == ["Jane Moderator", "Tom Smith", "Jane Moderator", "Ann Lee Carter",
                                             "Tom Smith"]


def test_header_metadata_keys_are_not_speakers_and_are_listed() -> None:
    text = """\
        BYLINE: Rae Tan
        SECTION: NEWS; Domestic
        LENGTH: 812 words
        HIGHLIGHT: A storm closes the coast road.
        LOAD-DATE: May 2, 2024

        NORA VANCE, ANCHOR: Good evening. PAUL OKAFOR, CORRESPONDENT: Thanks, Nora.
        """
    parsed = transcript.parse(dedent(text))
    assert [p.label.name for p in parsed.paragraphs if p.label] == ["NORA VANCE", "PAUL OKAFOR"]
    assert [d.reason for d in parsed.dropped] == ["header metadata"] * 5
    assert "storm" not in _speech(text)


def test_an_unlabelled_opening_with_a_self_introduction_joins_the_later_surname_label() -> None:
    text = """\
        This is EVENING TALK. I'm Vera Holm. Today, rivers.

        My guest is a hydrologist.

        Mr. ROY PEAKE (Hydrologist): Thanks, Vera.

        HOLM: Let's start with the floods.
        """
    people = _people(text)
    assert people == [("Vera Holm", "anchor"), ("Mr. Roy Peake", "guest")]


def test_roles_come_from_titles() -> None:
    assert [role(Label("X Y", title, "name")) for title in ("HOST", "CNN CORRESPONDENT", "BYLINE", "SENATOR",
                                                             "CNN POLITICAL ANALYST", None)] == [
        "anchor", "correspondent", "correspondent", "guest", "guest", "unknown"]


def test_a_single_colon_in_prose_is_not_a_label() -> None:
    text = "The RULE: nobody leaves early.\nWe met at noon.\nIt rained all day.\n"
    assert _labels(text) == [] and _speech(text).startswith("The RULE: nobody")


def test_a_bare_label_that_recurs_in_mid_line_is_read_without_a_title() -> None:
    text = ("NORA VANCE, NEWS 9 ANCHOR: Here is the footage. OFFICER: Come with me. VANCE: He goes in. "
            "OFFICER: Stay back. VANCE: Then silence. OFFICER: Clear. PAUL OKAFOR, NEWS 9 CORRESPONDENT: "
            "That was the end.\n")
    assert [n for n, _ in _labels(text)] == ["NORA VANCE", "OFFICER", "VANCE", "OFFICER", "VANCE", "OFFICER",
                                             "PAUL OKAFOR"]


def test_an_office_label_takes_the_name_the_page_gives_its_holder() -> None:
    text = """\
        Interview with Sam Reed, Coast FM

        SAM REED: Good morning. Treasurer Dana Voss joins us now. Treasurer, good morning.

        TREASURER: Morning, Sam.

        REED: Will the budget balance?

        TREASURER: It will, by the second year.
        """
    assert _labels(text)[1] == ("Dana Voss", "TREASURER")
    assert _people(text) == [("Sam Reed", "anchor"), ("Dana Voss", "guest")]


def test_an_office_label_takes_the_name_of_the_full_label_with_that_title() -> None:
    text = """\
        Lena Holt, Host: Ivo Marsh, welcome to the programme.

        Ivo Marsh, Trade Minister: Glad to be here.

        Holt: What changes on Monday?

        Trade Minister: The tariffs on grain go.
        """
    assert [n for n, _ in _labels(text)] == ["Lena Holt", "Ivo Marsh", "Holt", "Ivo Marsh"]
    assert _people(text) == [("Lena Holt", "anchor"), ("Ivo Marsh", "guest")]


def test_an_office_label_the_page_never_names_stays_as_written() -> None:
    text = """\
        OMAR BELL: Good evening. With me is the mayor. Mayor, good evening.

        MAYOR: Good evening, Omar.

        BELL: Is the bridge safe?
        """
    assert _labels(text)[1] == ("MAYOR", None)


def test_the_first_role_word_of_a_title_decides_and_former_hosts_are_guests() -> None:
    titles = ("CNN CHIEF CORRESPONDENT, CNN CO-ANCHOR", "CNN ANCHOR, CNN CORRESPONDENT", "FORMER CNN ANCHOR",
              "FMR. HOST", "NATIONAL CORRESPONDENT, THE DAILY LEDGER", "SENIOR CORRESPONDENT",
              "HOUSE SPEAKER")
    assert [role(Label("X Y", t, "name")) for t in titles] == [
        "correspondent", "anchor", "guest", "guest", "guest", "correspondent", "guest"]


def test_role_words_that_are_neither_host_nor_reporter_are_guests() -> None:
    assert [role(Label(n, None, "name")) for n in ("ANNOUNCER", "QUESTION", "NARRATOR", "HOST", "REPORTER",
                                                  "JANE ROE")] == [
        "guest", "guest", "guest", "anchor", "correspondent", "unknown"]


def test_a_host_whose_title_lacks_the_outlet_of_the_other_staff_is_a_guest() -> None:
    text = """\
        NORA VANCE, CNN ANCHOR: Good evening. Here is a clip from last night.
        BRAD COLE, HOST, "COLE AT NIGHT": They will never win this.
        PAUL OKAFOR, CNN CORRESPONDENT: Nora, that clip went round the world.
        VANCE: Thank you, Paul.
        """
    assert _people(text) == [("Nora Vance", "anchor"), ("Brad Cole", "guest"), ("Paul Okafor", "correspondent")]


def test_a_title_in_capitals_after_a_party_tag_is_part_of_the_label() -> None:
    text = """\
        NORA VANCE, CNN ANCHOR: Here is what he said.
        TOM HALE (R-OH) STATE SENATOR: I will not vote for it.
        VANCE: He did not.
        """
    assert _labels(text)[1] == ("TOM HALE", "STATE SENATOR")
    assert "SENATOR" not in _speech(text)


def test_one_full_label_whose_name_the_page_writes_in_prose_is_read() -> None:
    text = """\
        On this week's programme, hosted by Irene Salo:
        - the harbour strike
        IRENE SALO: Good morning. The strike enters its third week.
        The union says it will not move.
        We will hear from both sides.
        Some say a deal is close.
        Others doubt it.
        """
    assert _labels(text) == [("IRENE SALO", "host")]  # the page says who hosts
    assert "IRENE SALO" not in _speech(text) and "Good morning. The strike" in _speech(text)


def test_a_full_label_that_recurs_after_sentence_ends_is_read_without_a_title() -> None:
    text = ("Coming up this week.\n"
            "IRENE SALO: The vote is near. MARK DUNN: We have the numbers. IRENE SALO: Do you? "
            "TOM HALE: We will see.\n")
    assert [n for n, _ in _labels(text)] == ["IRENE SALO", "MARK DUNN", "IRENE SALO", "TOM HALE"]
    assert "SALO" not in _speech(text)


def test_an_opening_cut_before_the_hosts_first_label_is_the_host_who_introduces_themself() -> None:
    text = """\
        Why Rivers Flood: a conversation

        This is EVENING TALK. I'm Vera Holm. Today, rivers, and why they flood.

        Mr. ROY PEAKE (Hydrologist): Thanks, Vera. It starts with the rain.
        """
    assert _people(text)[-2:] == [("Vera Holm", "anchor"), ("Mr. Roy Peake", "guest")]


def test_a_surname_label_matching_one_full_label_reads_a_mixed_case_convention() -> None:
    text = """\
        Morning Report

        Ada Lindqvist: Good morning. The Premier joins me now from the capital.

        Premier: Good morning, Ada.

        Lindqvist: Will the rail line open on time?

        Premier: It will.
        """
    assert [n for n, _ in _labels(text)][::2] == ["Ada Lindqvist", "Lindqvist"]
    assert "Lindqvist:" not in _speech(text)


def test_an_office_label_takes_the_name_of_a_full_label_whose_title_goes_on() -> None:
    text = """\
        Omar Bell, Host: Joining me is the minister.

        Ivo Marsh, Assistant Minister for Ports and Harbours: Thanks, Omar.

        Bell: What happens at the docks?

        Assistant Minister: The cranes are replaced.
        """
    assert _labels(text)[3] == ("Ivo Marsh", "Assistant Minister")


def test_an_initialled_label_is_the_one_full_label_with_that_initial_and_surname() -> None:
    text = """\
        SUSAN ROE, CNN ANCHOR: Good morning. Miles is at the port.
        MILES ROE, CNN CORRESPONDENT: Thanks, Susan. The ships are waiting.
        S. ROE: How long?
        M. ROE: Days, maybe.
        """
    assert _people(text) == [("Susan Roe", "anchor"), ("Miles Roe", "correspondent")]


def test_an_office_label_takes_the_name_of_the_one_person_the_host_greets() -> None:
    text = """\
        Drive time with Sam Reed

        SAM REED: Big news on the rates today, and on the line is Dana Voss, good afternoon to you.

        PREMIER: Good afternoon, Sam.

        REED: Will rates rise?
        """
    assert _labels(text)[1] == ("Dana Voss", "PREMIER")


def test_a_host_title_that_names_no_organisation_belongs_to_the_house() -> None:
    text = """\
        OMAR BELL, HOST: Good evening. First, the port.
        MILES ROE, CNN CORRESPONDENT: Omar, the ships are waiting.
        SUSAN ROE, CNN CORRESPONDENT: And at the airport, the same.
        BELL: Thank you both.
        """
    assert _people(text)[0] == ("Omar Bell", "anchor")


def test_the_host_the_page_names_before_the_speech_is_the_anchor_under_a_surname_label() -> None:
    text = """\
        The week in review, moderated by Irene Salo

        TOM HALE, MAYOR OF EASTPORT: The bridge will open in May.

        SALO: You said March last year.

        HALE: The steel came late.
        """
    assert _people(text) == [("Tom Hale", "guest"), ("Salo", "anchor")]


def test_a_full_name_alone_on_its_line_is_a_label_when_the_shape_recurs() -> None:
    text = """\
        INTERVIEW ON MORNING WATCH

        IRENE SALO

        Joining us now is the mayor, Tom Hale. Tom, good to see you.

        TOM HALE

        Thank you, Irene.

        IRENE SALO

        Is the bridge late?

        TOM HALE

        A little.
        """
    assert [n for n, _ in _labels(text)] == ["IRENE SALO", "TOM HALE", "IRENE SALO", "TOM HALE"]
    assert "SALO" not in _speech(text)


def test_short_lines_that_recur_in_an_upper_case_caption_dump_are_not_labels() -> None:
    text = "THANK YOU\nWE ARE BACK AFTER THIS\nALL RIGHT\nTHE STORM IS NEAR\nTHANK YOU\nALL RIGHT\n"
    assert _labels(text) == []


def test_bracketed_labels_with_a_colon_are_read_in_mid_line_of_a_dump() -> None:
    text = ("[Nora Vance, News 9 Anchor:] the vote is tonight. I want to bring in Paul. Paul, what do you see? "
            "[Paul Okafor, News 9 Correspondent:] A close count, Nora. [Vance:] How close? [Okafor:] Very. "
            "[laughs]\n")
    assert [n for n, _ in _labels(text)] == ["Nora Vance", "Paul Okafor", "Vance", "Okafor"]
    assert "Okafor" not in _speech(text).replace("Paul Okafor", "")


def test_a_host_title_naming_the_show_the_page_names_as_its_own_is_the_anchor() -> None:
    text = """\
        A transcript of "Harbour Week" as aired on Sunday.

        MARA DELL, "HARBOUR WEEK" CO-ANCHOR: Good morning. The strike is over.
        TOM HALE, PORT MANAGER: The cranes start at six.
        DELL: Thank you.
        """
    assert _people(text)[-2:] == [("Mara Dell", "anchor"), ("Tom Hale", "guest")]


def test_an_outlet_named_before_a_panelist_whose_surname_is_an_office_is_not_a_speaker() -> None:
    text = """\
        Dora Quill: Good evening. Asking tonight: Amos Reyes of the Valley Herald, Metro Radio News, Ruth Chancellor.

        Lee Bardot: Good evening, Ms. Quill.

        Dora Quill: Amos Reyes, your question.

        Amos Reyes: Senator, what will you cut first?

        Lee Bardot: Nothing that feeds a child.

        Dora Quill: Ruth Chancellor, your question.

        Ruth Chancellor: Senator, and after that?

        Lee Bardot: The subsidies that feed nobody.

        Ruth Chancellor: Thank you.
        """
    names = [n for n, _ in _labels(text)]
    assert names == ["Dora Quill", "Lee Bardot", "Dora Quill", "Amos Reyes", "Lee Bardot", "Dora Quill",
                     "Ruth Chancellor", "Lee Bardot", "Ruth Chancellor"]
    assert "Metro Radio News" not in {n for n, _ in _people(text)}


def test_a_surname_host_after_a_titled_clip_that_opens_the_show_is_the_anchor() -> None:
    text = """\
        SEN. MARA DELL, D-OR., BUDGET CHAIR: This budget keeps every school open.

        HOLLIS: We'll talk with the senator about the vote that is coming this week.

        REP. TOM ASHE, R-IDAHO: It spends money we do not have.

        HOLLIS: And we'll ask our panel who blinks first.
        """
    assert _people(text) == [("Sen. Mara Dell", "guest"), ("Hollis", "anchor"), ("Rep. Tom Ashe", "guest")]


def test_a_surname_voice_that_calls_the_breaks_and_what_is_next_hosts_a_panel_excerpt() -> None:
    text = """\
        PRUITT: I think the governor has done just fine, and he deserves a break.

        OKONJO: The polls say the opposite.

        MARLOWE: We have to take a quick break right now. More of our roundtable coming up.

        MARLOWE: Welcome back. Let me start with you, Okonjo.

        OKONJO: Fair enough.
        """
    assert dict(_people(text)) == {"Pruitt": "guest", "Okonjo": "guest", "Marlowe": "anchor"}


def test_a_voice_labelled_by_office_and_name_that_greets_first_is_not_the_host() -> None:
    text = """\
        MINISTER ODELL: Good morning, Ray.

        QUINTANA: Minister, the harbour plan is late again. Why?

        MINISTER ODELL: The money came in June, not March.

        QUINTANA: And the fishermen?
        """
    assert dict(_people(text)) == {"Minister Odell": "guest", "Quintana": "anchor"}


def test_untitled_voices_that_give_their_names_at_the_opening_are_co_anchors() -> None:
    text = """\
        LENA ORTIZ: Good evening. I'm Lena Ortiz.

        MARC DUVAL: And I'm Marc Duval. The river is rising again tonight.

        PETRA HOLM: We have sandbags but not enough hands.

        MARC DUVAL: Thank you. After the break, the forecast.
        """
    assert dict(_people(text)) == {"Lena Ortiz": "anchor", "Marc Duval": "anchor", "Petra Holm": "guest"}


def test_a_moderator_who_greets_first_stays_the_host_when_a_candidate_talks_of_the_panel_more() -> None:
    text = """\
        Iris Vane: Good evening. I'm Iris Vane, and this is the second debate.

        Carl Brook: Thank you, Iris. Our panel of experts agrees with me. We'll talk with farmers.

        Iris Vane: Mr. Pike, your answer.

        Dan Pike: I disagree.

        Carl Brook: Our panel of teachers said so, and we'll speak with parents. Coming up in my plan, schools.
        """
    assert dict(_people(text)) == {"Iris Vane": "anchor", "Carl Brook": "guest", "Dan Pike": "guest"}


# -- fourth round: who hosts, who is the guest, by what the conversation says -------------------------------


def test_a_podcast_guest_who_thanks_for_having_them_leaves_every_other_voice_a_co_host() -> None:
    text = """\
        **Rosa Quill, PhD:** Welcome, Tariq. So glad you could come on.

        **Tariq Bello:** Hello! Thanks so much for having me. I brought my notes.

        **Ivan Marsh:** Great, let's start with the notes then.

        **Tariq Bello:** The first one is about tea.

        **Rosa Quill, PhD:** Tea, of course.

        **Ivan Marsh:** Always tea.
        """
    assert dict(_people(text)) == {"Rosa Quill": "anchor", "Tariq Bello": "guest", "Ivan Marsh": "anchor"}


def test_the_voice_a_host_calls_their_co_host_hosts_and_the_one_they_are_joined_by_is_the_guest() -> None:
    text = """\
        **Nell Ortega:** Welcome to another episode. I'm joined as always by my co-host, Bram Hale. And today we're joined by Kit Laine.

        **Bram Hale:** Hey, good to be here.

        **Kit Laine:** Hi both.

        **Nell Ortega:** Kit, what do you build?

        **Kit Laine:** Boats, mostly.
        """
    assert dict(_people(text)) == {"Nell Ortega": "anchor", "Bram Hale": "anchor", "Kit Laine": "guest"}


def test_a_titled_host_whom_the_programme_host_welcomes_is_this_shows_guest() -> None:
    text = """\
        MAVIS TROY, NEWS 9 HOST: A great pleasure to welcome to TROY TONIGHT, Dev Anand, the host of the late news.

        DEV ANAND, NEWS 9 ANCHOR: Thank you, Mavis.

        TROY: How did you start?

        ANAND: By accident.
        """
    assert dict(_people(text)) == {"Mavis Troy": "anchor", "Dev Anand": "guest"}


def test_a_voice_that_welcomes_the_audience_to_the_show_hosts_it_when_its_title_only_names_the_show() -> None:
    text = """\
        OTTO KRANZ, "THE KRANZ HOUR": Welcome to "The Kranz Hour." I'm Otto Kranz, talking to a bureau chief.

        LIV BERG, BUREAU CHIEF, DAILY STAR: Glad to be here, Otto.

        KRANZ: What changed this year?

        BERG: The budget.
        """
    assert dict(_people(text)) == {"Otto Kranz": "anchor", "Liv Berg": "guest"}


def test_an_untitled_voice_that_signs_off_a_report_reports_and_does_not_host() -> None:
    text = """\
        ROWE: The river crested at noon, and the town held.

        ADA FINN, MAYOR: We were lucky this time.

        ROWE: Repairs start tomorrow. For THE WEEK, Celia Rowe, City News, Riverton.

        LARSEN: We have to take a break. Coming up, the roundtable.

        BODE: My view is simple.
        """
    people = dict(_people(text))
    assert people["Rowe"] == "correspondent" and people["Larsen"] == "anchor"


def test_a_host_who_introduces_themself_after_a_clip_is_a_new_voice_not_the_clips() -> None:
    text = """\
        UNIDENTIFIED MAN: We all came down to help, that's what you do.



        Thanks so much for staying with me. You are live in the newsroom. I'm Gita Rane in Boston. The storm has passed.

        It left the coast in pieces.

        OMAR HADID, HARBOUR MASTER: We lost forty boats.
        """
    parsed = transcript.parse(dedent(text))
    assert [p.label.name if p.label else None for p in parsed.paragraphs][:3] == [
        "UNIDENTIFIED MAN", "Gita Rane", None]
    assert dict(_people(text))["Gita Rane"] == "anchor"


def test_the_unlabelled_opening_of_a_page_whose_header_names_its_host_is_that_hosts() -> None:
    text = """\
        Sam Pell Tonight

        Aired March 3 - 19:00 ET

        Tonight, the port strike enters its second week. We'll have the latest.

        ANNOUNCER: This is SAM PELL TONIGHT, for Monday, March 3. Live from Chicago, Sam Pell.

        Good evening, everybody. The strike is costing millions a day.

        PELL: Our correspondent is at the docks.
        """
    parsed = transcript.parse(dedent(text))
    assert [p.label.name if p.label else None for p in parsed.paragraphs] == [
        "PELL", "ANNOUNCER", "PELL", "PELL"]
    assert dict(_people(text)) == {"Pell": "anchor", "Announcer": "guest"}


def test_a_clip_voice_after_a_comma_and_a_label_after_a_date_are_read_when_full_and_titled() -> None:
    text = """\
         date 2024-05-06 NINA SOLER, HOST:

        The vote is today, and the lines are long across the county this morning.

        KAI MOSS, NEWS 9 CORRESPONDENT: The crowd grew all morning at the school. (voice-over): One woman in the line said it best, EDIE PRATT, VOTER: I came to be counted, and so did my sister. MOSS: The lines stayed long until the evening.

        NINA SOLER, HOST: Thank you, Kai, and thanks to everyone who waited.
        """
    assert _labels(text) == [("NINA SOLER", "HOST"), ("KAI MOSS", "NEWS 9 CORRESPONDENT"), ("EDIE PRATT", "VOTER"),
                             ("MOSS", None), ("NINA SOLER", "HOST")]
    assert "EDIE PRATT" not in _speech(text) and "said it best," in _speech(text)
    untitled = text.replace("EDIE PRATT, VOTER:", "JO KING: who")
    assert "JO KING" in _speech(untitled)  # after a comma, an untitled name is no label


def test_a_surname_label_is_known_after_a_full_label_with_only_a_party_tag() -> None:
    text = ("MARK OYE, NEWS 9 ANCHOR: Good evening, and thank you for being with us tonight. (BEGIN VIDEO CLIP) "
            "REP. JUNE HART (D-OR): We will vote on the bill when the committee is ready to send it. (END VIDEO CLIP) "
            "OYE: She said more about the timing on Sunday morning. (BEGIN VIDEO CLIP) TED GOLD, NEWS 9 ANCHOR: "
            "Will you vote against the leadership if it comes to that? HART: We will see what the bill says then. "
            "(END VIDEO CLIP)\n")
    assert [name for name, _ in _labels(text)] == ["MARK OYE", "REP. JUNE HART", "OYE", "TED GOLD", "HART"]


def test_surname_labels_of_people_the_page_names_in_prose_are_labels() -> None:
    text = """\
        An interview with Ambassador Lionel Frye, by Dana Okoro.

        OKORO: Is the alliance weaker than it was?

        FRYE: No. It is busier than it was.
        """
    assert _labels(text) == [("OKORO", None), ("FRYE", None)]


def test_an_office_label_takes_the_holder_the_header_or_the_host_names() -> None:
    header = "Vera Lund interview with Tom Ashe, City Radio\n\nTOM ASHE: Good morning.\n\nPRIME MINISTER: Morning, Tom.\n"
    assert ("Vera Lund", "PRIME MINISTER") in _labels(header)
    joins = "TOM ASHE: Vera Lund joins me now. Prime Minister, welcome.\n\nPRIME MINISTER: Thanks, Tom.\n\nTOM ASHE: Why now?\n"
    assert ("Vera Lund", "PRIME MINISTER") in _labels(joins)
    catalogue = "Lund, Vera\n\nTOM ASHE: Good morning.\n\nPRIME MINISTER: Morning.\n\nTOM ASHE: And the budget?\n"
    assert ("Vera Lund", "PRIME MINISTER") in _labels(catalogue)


def test_header_chrome_and_a_release_date_are_no_speakers() -> None:
    text = """\
        Next Up:
        0:00

        Release Date: 4 June

        MAYA COLE: So, Minister, the bridge.

        Lars Eng: It opens in May.

        MAYA COLE: Thank you.

        Lars Eng: Thank you.
        """
    assert [name for name, _ in _labels(text)] == ["MAYA COLE", "Lars Eng", "MAYA COLE", "Lars Eng"]


def test_a_generational_suffix_in_a_label_is_shown_as_one() -> None:
    text = "LEE HART J.R., NEWS 9 CONTRIBUTOR: Thanks for having me.\nANA DIAZ, NEWS 9 ANCHOR: Welcome.\n"
    assert ("Lee Hart Jr.", "guest") in _people(text)


def test_a_surname_label_after_the_end_of_a_clip_is_a_label_even_seen_once() -> None:
    text = ("MARK OYE, NEWS 9 ANCHOR: Good evening, and thank you for being with us tonight. (BEGIN VIDEO CLIP) "
            "TED GOLD, NEWS 9 ANCHOR: Will you vote against the leadership if it comes to that? (END VIDEO CLIP)   "
            "ABEL: He said a lot of things like that on the record, and more in private. OYE: Thank you, Abel.\n")
    assert [name for name, _ in _labels(text)] == ["MARK OYE", "TED GOLD", "ABEL", "OYE"]


def _conversation(first: str, second: str, second_asks: bool) -> str:
    lines = []
    for k in range(PEER_TURNS + 2):
        lines.append(f"**{first}:** Point {k} is a good one. What do you make of it, though?")
        lines.append(f"**{second}:** " + ("I think so. Is that not the usual thing?" if second_asks or k % 4 == 0
                                          else "I think so, and it is the usual thing."))
    return "\n\n".join(lines) + "\n"


def test_two_voices_of_a_long_conversation_that_ask_each_other_alike_are_both_hosts() -> None:
    assert dict(_people(_conversation("Ada Roy", "Ben Tal", True))) == {"Ada Roy": "anchor", "Ben Tal": "anchor"}
    assert dict(_people(_conversation("Ada Roy", "Ben Tal", False))) == {"Ada Roy": "anchor", "Ben Tal": "guest"}


def test_a_host_who_names_themself_in_the_outro_is_no_reporter() -> None:
    turns = ["**Cy Moor:** Hello and welcome to the show. I'm Cy Moor.", "**Dee Park:** Thanks for having me.",
             "**Cy Moor:** Thanks for listening to the show, I'm Cy Moor, and see you next week."]
    assert dict(_people("\n\n".join(turns) + "\n")) == {"Cy Moor": "anchor", "Dee Park": "guest"}


def test_a_voice_the_host_introduces_as_the_programmes_reporter_reports() -> None:
    text = """\
        AMY NOLL: Good evening. I'm Amy Noll. Talks resumed today. Following it all is our Sid Varga and he joins me now.

        SID VARGA: Amy, officials tell me there is a new outline.

        AMY NOLL: And the court? Court correspondent Jo Pike has been following it.

        JO PIKE: The justices seemed split.

        ROY DALE: I think they will rule narrowly.
        """
    assert dict(_people(text)) == {"Amy Noll": "anchor", "Sid Varga": "correspondent", "Jo Pike": "correspondent",
                                   "Roy Dale": "guest"}


def test_when_one_candidate_thanks_for_having_them_the_other_candidate_stays_a_guest() -> None:
    turns = ["**Ida Moss:** Good evening, and welcome to the debate. Mr. Hale, why run?",
             "**Carl Hale:** Thank you for having me. I run because the roads are bad.",
             "**Ida Moss:** Ms. Roan, your answer?", "**Vera Roan:** The roads are fine. The schools are not.",
             "**Ida Moss:** Mr. Hale, a rebuttal?", "**Carl Hale:** The schools are fine too.",
             "**Ida Moss:** And taxes?", "**Vera Roan:** Lower. Is that not what everyone wants?"]
    assert dict(_people("\n\n".join(turns * 3) + "\n")) == {"Ida Moss": "anchor", "Carl Hale": "guest",
                                                           "Vera Roan": "guest"}
