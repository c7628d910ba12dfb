"""Work in progress: being written now."""


def answer_by_link(request, *args, **kwargs):
    raise NotImplementedError


def portal(request, *args, **kwargs):
    raise NotImplementedError


def followup_detail(request, *args, **kwargs):
    raise NotImplementedError
