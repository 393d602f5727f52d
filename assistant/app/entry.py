"""The Streamlit entry inside the package, what `assistant app` runs (app.py at the root is
the same two lines, for `streamlit run app.py`), so an installed wheel serves the app too."""

from assistant.app.main import run

run()
