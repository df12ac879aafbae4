app_name = "intentions"

urlpatterns: list = []
