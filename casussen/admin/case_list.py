"""The case list's rows and its count in one query (issue #12): a searched or filtered
list at regional size was counted (up to a limit) and then read, two queries; the count
is now a subquery of the page's own query (`ListPaginator.page_with_count`)."""

from steunpunt.admin.base import LightChangeList
from steunpunt.admin.paging import ListPaginator, is_postgres


class CaseChangeList(LightChangeList):
    def get_results(self, request) -> None:
        paginator = self.model_admin.get_paginator(request, self.queryset, self.list_per_page)
        # The unfiltered list is estimated, not counted; "show all" and a page past the
        # end are Django's (and SQLite's list, whose count is cheap, too).
        if (
            self.show_all
            or not self.queryset.query.where
            or not isinstance(paginator, ListPaginator)
            or self.model_admin.show_full_result_count
            or not is_postgres()
        ):
            return super().get_results(request)
        shown = self.queryset
        defer = getattr(self.model_admin, "list_defer", ())
        if defer:
            shown = shown.defer(*defer)
        only = getattr(self.model_admin, "list_only", ())
        if only:
            shown = shown.only(*only)
        rows = paginator.page_with_count(shown, self.page_num)
        if rows is None:
            return super().get_results(request)
        # As ChangeList.get_results, with the page's rows already read.
        result_list = shown.all()
        result_list._result_cache = rows
        self.result_count = paginator.count
        self.show_full_result_count = False
        self.show_admin_actions = True
        self.full_result_count = None
        self.result_list = result_list
        self.can_show_all = self.result_count <= self.list_max_show_all
        self.multi_page = self.result_count > self.list_per_page
        self.paginator = paginator
        return None
