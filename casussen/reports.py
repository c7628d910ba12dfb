"""Work in progress: the signals report is being written now."""


def signals_report_view(request):
    raise NotImplementedError


def signals_report_csv(request):
    raise NotImplementedError
