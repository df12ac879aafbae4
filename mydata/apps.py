from django.apps import AppConfig


class MydataConfig(AppConfig):
    name = "mydata"
    verbose_name = "My data"
