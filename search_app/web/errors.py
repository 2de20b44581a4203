"""Errors: JSON for /api/* (and ?format=json), a friendly page elsewhere;
never a 500 for bad input."""
from __future__ import annotations

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ingest.errors import IndexProblem, QueryError

MESSAGES = {400: "bad request", 403: "forbidden", 404: "not found", 405: "method not allowed",
            413: "request too large", 500: "internal error: the problem was logged"}
EXPLAIN_VI = {
    400: "Yêu cầu có tham số không hợp lệ. Hãy sửa theo gợi ý dưới đây rồi thử lại.",
    403: "Bạn không được phép xem nội dung này.",
    404: "Trang hoặc tài liệu này không có trong chỉ mục (đường dẫn sai, hoặc tài liệu đã bị gỡ).",
    405: "Địa chỉ này không nhận phương thức yêu cầu đó.",
    413: "Yêu cầu quá lớn.",
    500: "Hệ thống gặp lỗi ngoài dự kiến; sự cố đã được ghi lại.",
    503: "Chỉ mục tìm kiếm chưa sẵn sàng.",
}
TITLES_VI = {400: "Yêu cầu không hợp lệ", 403: "Không được phép", 404: "Không tìm thấy",
             405: "Phương thức không được hỗ trợ", 413: "Yêu cầu quá lớn", 500: "Lỗi hệ thống",
             503: "Chỉ mục chưa sẵn sàng"}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.args.get("format") in ("json", "csv")


def register(app) -> None:
    @app.errorhandler(QueryError)
    def bad_query(exc):
        return error_response(400, str(exc))

    @app.errorhandler(IndexProblem)
    def index_problem(exc):
        return error_response(503, str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = exc.code or 500
        default = type(exc).description
        message = exc.description if exc.description and exc.description != default else \
            MESSAGES.get(code, exc.name.lower())
        return error_response(code, message)

    @app.errorhandler(Exception)
    def unexpected(exc):  # a bug: log it, answer 500 without details
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(500, MESSAGES[500])


def error_response(code: int, message: str):
    if wants_json():
        resp = jsonify({"error": message})
        resp.status_code = code
        return resp
    detail = None if message == MESSAGES.get(code) else message
    return render_template("error.html", code=code, detail=detail, title=TITLES_VI.get(code, "Lỗi"),
                           explanation=EXPLAIN_VI.get(code, "")), code
