"""WSGI entry point: `flask --app app …` and gunicorn `app:app` find the application here."""

from complaints import create_app

app = create_app()
