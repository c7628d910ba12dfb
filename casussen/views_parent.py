"""Work in progress: being written now."""


def portal(request, *args, **kwargs):
    raise NotImplementedError


def case_detail(request, *args, **kwargs):
    raise NotImplementedError


def reply(request, *args, **kwargs):
    raise NotImplementedError


def withdraw(request, *args, **kwargs):
    raise NotImplementedError


def consent_give(request, *args, **kwargs):
    raise NotImplementedError


def consent_withdraw(request, *args, **kwargs):
    raise NotImplementedError


def attachment(request, *args, **kwargs):
    raise NotImplementedError
