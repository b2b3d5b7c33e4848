"""Every API model survives its JSON form (by alias); base64 bodies match pydantic's bytes."""

from __future__ import annotations

import base64
import inspect
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from kiosk.api import amplifi_models, sessionm_models
from kiosk.api.amplifi_models import (
    GenericRequest,
    GenericRequestResponse,
    ProspectImageRequest,
    ProspectImageResponse,
    TokenResponse,
)
from kiosk.api.base64_body import body_with_base64, encode_image
from kiosk.api.sessionm_models import (
    AddImageRequest,
    CreateValidationRequest,
    ErrorDetail,
    ErrorReply,
    ImageIn,
    ImageOut,
    ImageValidation,
    ImageValidationCreate,
    ImageValidationEnvelope,
    ImageValidationList,
    InvalidCode,
    ResultLine,
    ValidationStatus,
)

M = TypeVar("M", bound=BaseModel)

text = st.text(max_size=20)
name = st.text(min_size=1, max_size=20)
maybe_text = st.none() | text
b64 = st.binary(max_size=64).map(lambda b: base64.b64encode(b).decode())
b64_nonempty = st.binary(min_size=1, max_size=64).map(lambda b: base64.b64encode(b).decode())
small_int = st.integers(min_value=-(2**53), max_value=2**53)
finite = st.floats(allow_nan=False, allow_infinity=False)
json_scalar = st.none() | st.booleans() | small_int | finite | text
json_value = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
json_object = st.dictionaries(text, json_value, max_size=4)
# Extra keys a server (or a generic payload) may add; none collide with declared fields.
extra_keys = st.dictionaries(
    st.text(alphabet="xyzXYZ_", min_size=1, max_size=8).map(lambda s: "x_" + s),
    json_value,
    max_size=2,
)


def _fields(**strategies: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(strategies)


def _model(model: type[M], **strategies: st.SearchStrategy[Any]) -> st.SearchStrategy[M]:
    # Not st.builds: it would also fill the aliased parameters of the model's signature.
    return _fields(**strategies).map(lambda fields: model(**fields))


def _with_extra(model: type[M], base: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[M]:
    return st.tuples(base, extra_keys).map(lambda pair: model(**pair[0], **pair[1]))


image_in = _model(ImageIn, id=maybe_text, base64_data=b64_nonempty, mime_type=maybe_text)
image_out = _model(ImageOut, id=maybe_text, url=maybe_text, mime_type=maybe_text)
result_line = _model(
    ResultLine,
    id=maybe_text,
    name=maybe_text,
    description=maybe_text,
    price=st.none() | finite,
    quantity=st.none() | small_int,
    points=st.none() | small_int,
)
placement = st.none() | text | small_int
image_validation = _model(
    ImageValidation,
    id=small_int,
    validation_type=maybe_text,
    campaign_id=st.none() | small_int,
    campaign_permalink=maybe_text,
    placement_id=placement,
    external_id=maybe_text,
    user_id=maybe_text,
    status=st.sampled_from(ValidationStatus),
    invalid_code=st.none() | st.sampled_from(InvalidCode),
    invalid_reason=maybe_text,
    store_name=maybe_text,
    receipt_date=maybe_text,
    created_at=maybe_text,
    updated_at=maybe_text,
    image_count=st.none() | small_int,
    images=st.lists(image_out, max_size=3),
    data=st.none() | json_object,
    results=st.none() | st.lists(result_line, max_size=3),
)
validation_create = _model(
    ImageValidationCreate,
    validation_type=st.sampled_from(["receipt", "image"]),
    campaign_permalink=name,
    placement_id=placement,
    external_id=maybe_text,
    image_count=st.none() | st.integers(min_value=1, max_value=50),
    images=st.lists(image_in, min_size=1, max_size=3),
    data=st.none() | json_object,
)

STRATEGIES: dict[type[BaseModel], st.SearchStrategy[BaseModel]] = {
    # AmpliFi
    ProspectImageRequest: _model(
        ProspectImageRequest,
        device_tag=name,
        afi_image_id=name,
        image_base64=b64_nonempty,
        type=maybe_text,
        pre_segment=maybe_text,
        dts_created=maybe_text,
    ),
    ProspectImageResponse: _with_extra(ProspectImageResponse, _fields(success=st.booleans())),
    GenericRequest: _with_extra(
        GenericRequest,
        _fields(
            type_id=name,
            int_tag=name,
            name=maybe_text,
            payload=st.none() | json_object,
        ),
    ),
    GenericRequestResponse: _with_extra(
        GenericRequestResponse,
        _fields(success=st.booleans(), request_id=maybe_text, is_duplicate=st.booleans()),
    ),
    TokenResponse: _with_extra(TokenResponse, _fields(token=name)),
    # SessionM
    ImageIn: image_in,
    ImageValidationCreate: validation_create,
    CreateValidationRequest: _model(CreateValidationRequest, image_validation=validation_create),
    AddImageRequest: _model(AddImageRequest, image=image_in),
    ImageOut: _with_extra(ImageOut, _fields(id=maybe_text, url=maybe_text)),
    ResultLine: result_line,
    ImageValidation: image_validation,
    ImageValidationEnvelope: _model(
        ImageValidationEnvelope, status=st.just("ok"), image_validation=image_validation
    ),
    ImageValidationList: _model(
        ImageValidationList,
        status=st.none() | st.just("ok"),
        image_validations=st.lists(image_validation, max_size=3),
    ),
    ErrorDetail: _model(ErrorDetail, code=text, message=maybe_text),
    ErrorReply: _model(
        ErrorReply,
        status=st.just("error"),
        errors=_model(
            ErrorDetail,
            code=st.sampled_from(sessionm_models.ERROR_CODES) | text,
            message=maybe_text,
        ),
    ),
}


def _public_models(module: object) -> set[type[BaseModel]]:
    return {
        obj
        for name, obj in vars(module).items()
        if inspect.isclass(obj)
        and issubclass(obj, BaseModel)
        and obj.__module__ == module.__name__  # type: ignore[attr-defined]
        and not name.startswith("_")
    }


def test_every_model_has_a_round_trip_strategy() -> None:
    models = _public_models(amplifi_models) | _public_models(sessionm_models)
    assert models == set(STRATEGIES)


@pytest.mark.parametrize("model", list(STRATEGIES), ids=lambda m: m.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_model_round_trips_through_json_by_alias(model: type[BaseModel], data: st.DataObject):
    instance = data.draw(STRATEGIES[model])
    wire = instance.model_dump_json(by_alias=True)
    again = model.model_validate_json(wire)
    assert again == instance
    assert again.model_dump_json(by_alias=True) == wire


def test_amplifi_models_speak_the_vendors_casing() -> None:
    request = ProspectImageRequest(
        device_tag="d", afi_image_id="i", image_base64="AAAA", pre_segment="p", dts_created="t"
    )
    assert set(request.model_dump(by_alias=True)) == {
        "deviceTag",
        "AFiImageId",
        "imageBase64",
        "type",
        "preSegment",
        "dtsCreated",
    }
    reply = GenericRequestResponse.model_validate_json(
        '{"success": true, "requestId": "r1", "isDuplicate": true}'
    )
    assert reply.request_id == "r1" and reply.is_duplicate is True
    generic = GenericRequest.model_validate({"typeId": "T", "intTag": "1", "name": "n"})
    assert set(generic.model_dump(by_alias=True, exclude_none=True)) == {"typeId", "intTag", "name"}


@pytest.mark.parametrize(
    "bad", ["abc", "ab=c", "a b=", "YWJ\n", "!!!!", "YW==YWJj", "YWJj-_=="], ids=lambda s: repr(s)
)
def test_base64_fields_refuse_what_is_not_standard_base64(bad: str) -> None:
    with pytest.raises(ValueError, match="base64"):
        ImageIn(base64_data=bad)


# -- body_with_base64 is byte-for-byte pydantic's JSON -------------------------------


@settings(max_examples=100, deadline=None)
@given(
    image=st.binary(max_size=300),
    device_tag=name,
    afi_image_id=name,
    type_=maybe_text,
    pre_segment=maybe_text,
    dts_created=maybe_text,
)
def test_prospect_body_matches_pydantic_with_the_string_inline(
    image: bytes,
    device_tag: str,
    afi_image_id: str,
    type_: str | None,
    pre_segment: str | None,
    dts_created: str | None,
) -> None:
    fields = dict(
        device_tag=device_tag,
        afi_image_id=afi_image_id,
        type=type_,
        pre_segment=pre_segment,
        dts_created=dts_created,
    )
    b64 = encode_image(image)
    assert b64 == base64.b64encode(image)
    inline = ProspectImageRequest(image_base64=b64.decode() or "AAAA", **fields)
    if not image:
        return  # an empty image has no valid inline form; nothing to compare
    built = body_with_base64(
        ProspectImageRequest(image_base64="AAAA", **fields), ("image_base64",), b64
    )
    assert built == inline.model_dump_json(by_alias=True, exclude_none=True).encode()


@settings(max_examples=100, deadline=None)
@given(
    image=st.binary(min_size=1, max_size=300),
    create=validation_create,
    index=st.integers(min_value=0, max_value=2),
)
def test_nested_body_matches_pydantic_with_the_string_inline(
    image: bytes, create: ImageValidationCreate, index: int
) -> None:
    index = index % len(create.images)
    b64 = encode_image(image)
    request = CreateValidationRequest(image_validation=create)
    expected = request.model_copy(deep=True)
    expected.image_validation.images[index].base64_data = b64.decode()
    built = body_with_base64(
        request, ("image_validation", "images", str(index), "base64_data"), b64
    )
    assert built == expected.model_dump_json(by_alias=True, exclude_none=True).encode()
    # The other images and the template itself are untouched.
    assert (
        CreateValidationRequest.model_validate_json(built)
        .image_validation.images[index]
        .base64_data
        == b64.decode()
    )
    assert request.image_validation.images[index].base64_data == create.images[index].base64_data


def test_body_with_base64_refuses_a_field_that_is_not_serialised() -> None:
    model = ProspectImageRequest(device_tag="d", afi_image_id="i", image_base64="AAAA")
    with pytest.raises(ValueError, match="not serialised"):
        body_with_base64(model, ("no_such_field",), b"QQ==")
