"""Work in progress: being written now."""


def evaluate(request, *args, **kwargs):
    raise NotImplementedError
