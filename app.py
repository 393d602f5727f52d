"""The Streamlit entry: `assistant app` (or `streamlit run app.py`). The app itself is the
package assistant.app (pages in assistant/app/pages); the home folder is $ASSISTANT_HOME."""

from assistant.app.main import run

run()
