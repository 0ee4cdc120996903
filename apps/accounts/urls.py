from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("create/", views.create, name="create"),
    path("create/options/", views.create_options, name="create_options"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/options/", views.sign_in_options, name="sign_in_options"),
    path("sign-in/recovery/", views.sign_in_with_recovery_code, name="sign_in_recovery"),
    path("sign-in/link/", views.sign_in_with_link_code, name="sign_in_link"),
    path("sign-in/confirm/", views.confirm_sign_in, name="confirm_sign_in"),
    path("passkeys/add/", views.add_passkey, name="add_passkey"),
    path("passkeys/add/options/", views.add_passkey_options, name="add_passkey_options"),
    path("passkeys/<int:pk>/rename/", views.rename_passkey, name="rename_passkey"),
    path("passkeys/<int:pk>/remove/", views.remove_passkey, name="remove_passkey"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("recovery-codes/download/", views.download_recovery_codes, name="download_codes"),
    path("recovery-codes/done/", views.recovery_codes_done, name="recovery_codes_done"),
    path("link/", views.link_device, name="link"),
    path("vault/", views.vault_data, name="vault"),
    path("vault/off/", views.vault_off, name="vault_off"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("delete/", views.delete_account, name="delete"),
]
