"""The answer box's server side: an edit is handled exactly once, whichever callback of a
rerun (the box's own save or Overnemen beside it) comes first."""

from streamlit.testing.v1 import AppTest


def script():
    import json

    import streamlit as st

    from assistant.app.answer_editor import take_unsaved

    key = "answer-x"
    sent = st.session_state.get("_send")
    if sent is not None:  # what the browser would have sent: text with a sequence number
        st.session_state[key] = {"text": json.dumps({"text": sent[0], "seq": sent[1]})}
    first, second = take_unsaved(key), take_unsaved(key)
    st.session_state["_got"] = (first, second)


def test_an_edit_is_taken_once_and_a_new_edit_with_the_same_text_again():
    at = AppTest.from_function(script)
    at.run()
    assert at.session_state["_got"] == (None, None)  # nothing sent yet
    at.session_state["_send"] = ("Eerste tekst.", 1)
    at.run()
    assert at.session_state["_got"] == ("Eerste tekst.", None)
    at.run()  # the same edit in a later rerun: already handled
    assert at.session_state["_got"] == (None, None)
    at.session_state["_send"] = ("Eerste tekst.", 2)  # typed back to the same text: a new edit
    at.run()
    assert at.session_state["_got"] == ("Eerste tekst.", None)


def test_the_stored_default_and_garbage_are_never_taken_as_edits():
    at = AppTest.from_function(script)
    at.session_state["_send"] = ("Opening.", None)  # the default state: no sequence number
    at.run()
    assert at.session_state["_got"] == (None, None)
    at.session_state["answer-x"] = {"text": "geen json"}
    at.session_state["_send"] = None
    at.run()
    assert at.session_state["_got"] == (None, None)
