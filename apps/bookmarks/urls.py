from django.urls import path

from . import views

app_name = "bookmarks"

urlpatterns = [
    path("saved/", views.saved, name="saved"),
    path("saved/lists/", views.create_list, name="create_list"),
    path("saved/lists/<id:pk>/", views.list_detail, name="list"),
    path("saved/lists/<id:pk>/rename/", views.rename_list, name="rename_list"),
    path("saved/lists/<id:pk>/delete/", views.delete_list, name="delete_list"),
    path("saved/lists/<id:list_pk>/cards/<id:pk>/move/", views.move, name="move"),
    path("saved/lists/<id:list_pk>/cards/<id:pk>/note/", views.note, name="note"),
    path("saved/lists/<id:list_pk>/cards/<id:pk>/remove/", views.remove, name="remove"),
    path("saved/cards/<id:card_pk>/", views.save, name="save"),
    path("saved/cards/<id:card_pk>/lists/", views.card_lists, name="card_lists"),
    path("saved/undo/", views.undo_action, name="undo"),
    path("saved/export.<str:fmt>", views.export, name="export"),
    path("saved/import/", views.import_saved, name="import"),
    path("saved/delete-everything/", views.delete_everything, name="delete_everything"),
]
