# ruff: noqa: B018 -- each line is a bare mention, on purpose
"""Names vulture cannot see being used: Django, simple-history, axes and template lookups.

Nothing imports or runs this file; vulture reads it alongside the code, and a name mentioned here
counts as used wherever it is defined. Add a name only when something outside Python's own calls
uses it (a framework hook, a dotted path in settings, a template), and say which. Run:

    .venv/bin/vulture config demo alpha_hub grants budget decisions vulture_whitelist.py \
        --min-confidence 60 --exclude '*/migrations/*'
"""


class _Used:
    """Any attribute: `_.name` marks `name` as used."""

    def __getattr__(self, name: str) -> "_Used":
        return self


_ = _Used()

# Settings: Django and its apps read them by name.
_.SECRET_KEY
_.ALLOWED_HOSTS
_.CSRF_TRUSTED_ORIGINS
_.INSTALLED_APPS
_.MIDDLEWARE
_.ROOT_URLCONF
_.WSGI_APPLICATION
_.TEMPLATES
_.FORM_RENDERER
_.DEFAULT_AUTO_FIELD
_.AUTHENTICATION_BACKENDS
_.PASSWORD_HASHERS
_.AXES_FAILURE_LIMIT
_.AXES_COOLOFF_TIME
_.AXES_LOCKOUT_PARAMETERS
_.AXES_HANDLER
_.AXES_CLIENT_IP_CALLABLE
_.AXES_LOCKOUT_TEMPLATE
_.AXES_RESET_ON_SUCCESS
_.OTP_TOTP_ISSUER
_.AUTH_PASSWORD_VALIDATORS
_.LOGIN_URL
_.LOGIN_REDIRECT_URL
_.LOGOUT_REDIRECT_URL
_.LANGUAGE_CODE
_.TIME_ZONE
_.USE_I18N
_.USE_TZ
_.STATIC_URL
_.STATIC_ROOT
_.STORAGES
_.MEDIA_ROOT
_.MEDIA_URL
_.SECURE_SSL_REDIRECT
_.SESSION_COOKIE_SECURE
_.CSRF_COOKIE_SECURE
_.SECURE_HSTS_SECONDS
_.SECURE_HSTS_INCLUDE_SUBDOMAINS
_.SECURE_HSTS_PRELOAD
_.SECURE_PROXY_SSL_HEADER
_.SECURE_REFERRER_POLICY
_.CONTENT_SECURITY_POLICY
_.CACHES
_.SECURE_CROSS_ORIGIN_OPENER_POLICY
_.X_FRAME_OPTIONS
_.SESSION_COOKIE_HTTPONLY
_.SESSION_COOKIE_AGE
_.SESSION_SAVE_EVERY_REQUEST
_.EMAIL_BACKEND
_.DEFAULT_FROM_EMAIL
_.TASKS
_.LOGGING
_.WHITENOISE_USE_FINDERS
_.WHITENOISE_AUTOREFRESH

# Classes named by a dotted path in settings (MIDDLEWARE, FORM_RENDERER, AXES_HANDLER) or found
# by Django itself (AppConfig subclasses, management commands).
_.CacheControlMiddleware
_.HealthCheckMiddleware
_.PermissionsPolicyMiddleware
_.RateLimitMiddleware
_.GovukFormRenderer
_.LockoutHandler
_.AlphaHubConfig
_.BudgetConfig
_.DecisionsConfig
_.DemoConfig
_.GrantsConfig
_.ready
_.Command
_.help
_.add_arguments
_.handle

# The WSGI entry point gunicorn loads (config.wsgi:application).
_.application

# URL modules: include() reads them.
_.app_name
_.urlpatterns

# Model Meta options, pgtrigger triggers, and model fields read through the ORM (by keyword,
# in F()/Q() expressions, in admin options and in templates).
_.abstract
_.db_table
_.ordering
_.indexes
_.constraints
_.triggers
_.verbose_name_plural
_.created_at
_.finished_at
_.requested_by
_.signed_by
_.search_vector
_.holder
_.cleared_by
_.cleared_at
_.template_version
_.host
_.sponsor
_.oversight_lead
_.legal_power
_.starts_on_after
_.ends_on_after
_.confirmed  # django-otp's TOTPDevice.confirmed

# TextChoices members: the values the database accepts (removing one needs a migration).
_.NOT_REQUIRED
_.LEGAL
_.GDPR
_.EQUALITY
_.BACKGROUND
_.HEAD_OF_UNIT
_.GOVERNMENT_DEPARTMENT
_.POLICE_FORCE
_.POLICING_BODY
_.LOCAL_AUTHORITY
_.CHARITY
_.COMPANY
_.OTHER
_.DEPUTY  # OfficeHolder.Kind (issue 12)
_.NOT_PREJUDICIAL  # InterestHandling
_.DISPENSATION

# Model field and form field hooks Django calls.
_.prepare_value
_.from_db_value
_.expression  # from_db_value(value, expression, connection)
_.get_prep_value
_.value_to_string
_.db_type
_.input_type
_.clean_fte
_.clean_unit_cost
_.clean_document
_.label_from_instance
_.field_order
_.earlier_decision  # declared form fields, read from cleaned_data by name
_.link_kind
_.has_interests  # SignForm: read from cleaned_data by name
_.clean_file  # ImportUploadForm
_.readable  # io.RawIOBase (decisions.historic_import.source._Limited)
_.readinto
# Model fields only written, or read by templates (decisions 0014, docs/import.md).
_.value_withheld
_.imported_in
_.import_fingerprint
_.is_imported
_.uploaded_by
_.applied_by
_.applied_at
_.reserved_by
_.used_by
_.function  # Func subclasses (decisions.models.offices.TermRange)
_.output_field
_.form_template_name
_.field_template_name

# The admin: classes registered with @admin.register, their options and hooks.
_.site_header
_.site_title
_.index_title
_.change_password_form
_.change_user_password_template
_.change_reason  # a declared form field (PasswordChangeForm)
_.list_display
_.list_filter
_.search_fields
_.list_select_related
_.readonly_fields
_.prepopulated_fields
_.date_hierarchy
_.inlines
_.can_delete
_.has_add_permission
_.has_delete_permission
_.get_actions
_.AccessEventAdmin
_.CostCategoryAdmin
_.BudgetAdmin
_.BudgetLineAdmin
_.BudgetVariationAdmin
_.BudgetVariationLineAdmin
_.DecisionAdmin
_.DecisionPartAdmin
_.DecisionSeriesAdmin
_.DecisionCategoryAdmin
_.DelegationRuleAdmin
_.OfficeAdmin
_.OfficeHolderAdmin
_.DeclaredInterestAdmin
_.DecisionImportAdmin
_.NumberReservationAdmin
_.ForwardPlanEntryAdmin
_.input_formats  # decisions.forms.MonthField
_.created_by  # ForwardPlanEntry: who added it (admin, history)
_.item_link  # django.contrib.syndication Feed hook
_.item_guid  # django.contrib.syndication Feed hooks (decisions/views/forward_plan.py)
_.item_guid_is_permalink
_.item_updateddate
_.formfield_overrides
_.DecisionLinkAdmin
_.ClearanceAdmin
_.ClearanceCommentAdmin
_.SignatureAdmin
_.DecisionDocumentAdmin
_.ApprovalAdmin
_.BulkExportAdmin
_.OrganisationAdmin
_.ProgrammeAdmin
_.GrantAgreementAdmin
_.GrantVariationAdmin
_.MatchFundingAdmin

# simple-history: its admin hooks, and the attributes it reads off an instance before saving.
_.object_history_list_template
_.object_history_template
_.history_form_view
_.version_id  # history_form_view(request, object_id, version_id, extra_context)
_.revert_disabled
_._history_user
_._change_reason

# Signal receivers (connected by @receiver) and their `sender` argument.
_._logged_in
_._logged_out
_._login_failed
_.sender

# django-axes reads this off the request: False keeps its lockout page out of the signing page.
_.axes_locked_out

# The syndication feed: Django's Feed calls these by name.
_.feed_type
_.subtitle
_.feed_url
_.item_title
_.item_description
_.item_pubdate
_.item_updateddate
_.item_author_name

# Template tags and filters, used in templates/ ({% summary_list %}, {% blocks_of %} ...).
_.slot
_.summary_list
_.summary_row
_.tbody
_.tr
_.th
_.td
_.breadcrumbs
_.breadcrumb
_.error_summary
_.error_item
_.field_group
_.govuk_control
_.error_summary_items
_.blocks_of

# Properties and attributes only templates read.
_.delta  # audit/record_history.html
_.text_y  # budget/programme_year_on_year.html (the chart)
_.value_x
_.height
_.axis_x
_.category_options  # budget/includes/_line_row.html
_.update_url
_.delete_url
_.failed_fields  # budget/includes/_grid.html
_.headline
_.change_total
_.rows_with_errors  # budget/import_preview.html
_.addressee_abbreviation  # decisions/includes/_decision_body.html, pdf/decision.html
_.is_filtered  # decisions/decision_list.html
_.signed_on_text  # RegisterRow, decisions/decision_list.html
_.accessed  # SessionBase.accessed, read by SessionMiddleware (decisions/views/cached_page.py)
_.when  # Event.when, decisions/staff/decision_detail.html

# Used by the tests only, on purpose.
_.unregister_budget_reader_check  # the inverse of register_budget_reader_check, for clean-up
_.can_enrol_authenticator  # the permissions matrix's "set up an authenticator app" row

# Read by Django settings, gunicorn or the logging config by name (found by make lint).
_.adding  # alpha_hub/bulk.py:63
_.db  # alpha_hub/bulk.py:64
_.RequestIdFilter  # alpha_hub/logging.py:19
_.JsonFormatter  # alpha_hub/logging.py:27
_.RequestIdMiddleware  # alpha_hub/request_id.py:37
_._forget  # alpha_hub/request_id.py:53
_.IncrementalCompressedStorage  # alpha_hub/static_storage.py:26
_.atexit  # alpha_hub/storage.py:96
_.block_size  # alpha_hub/storage.py:155
_.get_available_name  # alpha_hub/storage_s3.py:33
_.RetryingQueue  # alpha_hub/task_backends.py:32
_.RetryingDatabaseBackend  # alpha_hub/task_backends.py:72
_.concat  # alpha_hub/templatetags/govuk.py:106
_.inline_radios  # alpha_hub/templatetags/govuk_forms.py:69
_.wsgi_app  # config/gunicorn.py:38
_.bind  # config/gunicorn.py:39
_.workers  # config/gunicorn.py:40
_.threads  # config/gunicorn.py:41
_.worker_class  # config/gunicorn.py:42
_.proc_name  # config/gunicorn.py:43
_.forwarded_allow_ips  # config/gunicorn.py:45
_.secure_scheme_headers  # config/gunicorn.py:47
_.worker_tmp_dir  # config/gunicorn.py:49
_.control_socket_disable  # config/gunicorn.py:52
_.graceful_timeout  # config/gunicorn.py:54
_.accesslog  # config/gunicorn.py:67
_.access_log_format  # config/gunicorn.py:68
_.logconfig_dict  # config/gunicorn.py:69
_.SESSION_ENGINE  # config/settings.py:251
_.RQ_QUEUES  # config/settings.py:311
_.RQ  # config/settings.py:312
_.RQ_SHOW_ADMIN_LINK  # config/settings.py:313

# claims (issue 11): admin registrations and the app config (Django loads them), a form's
# clean_<field> hook, TextChoices members and model fields that templates, the admin and the
# database read, selector properties the templates show, and the SQL the migration runs.
_.ClaimPeriodAdmin
_.ClaimAdmin
_.ClaimLineAdmin
_.ClaimEvidenceAdmin
_.PaymentAdmin
_.ReportRequirementAdmin
_.MonitoringReportAdmin
_.AgreementClosureAdmin
_.ReminderAdmin
_.ClaimsConfig
_.clean_amount
_.MONTHLY
_.PROGRESS
_.OUTCOME
_.is_final
_.submitted_at
_.checked_at
_.approved_at
_.paid_at
_.submitted_by
_.reviewed_by
_.reviewed_at
_.review_comment
_.total_paid
_.closed_by
_.variance
_.variance_percent
_.over
_.overdue
_.AGREEMENT_AMOUNT_FUNCTION
_.DROP_AGREEMENT_AMOUNT_FUNCTION
# claims selectors the programme page and 360Giving (decisions) are to read (issue 11 point 8).
_.disbursements
_.paid_by_year
# Contracts and the decision's kind and published value (issue 10, docs/adr/0058): the admin
# registration, the app config, the form's clean_<field> hook, TextChoices members only data and
# templates use, and the value as the templates print it.
_.ContractAdmin
_.ContractsConfig
_.clean_maximum_value
_.OPEN
_.COMPETITIVE_FLEXIBLE
_.FRAMEWORK
_.DYNAMIC_MARKET
_.QUOTATIONS
_.SETTLEMENT
_.published_value
# A readable audit trail (issue 13 point 8, docs/adr/0060): the form's clean_<field> hook, the
# GOV.UK date field's Django hooks, and what the templates read.
_.clean_reference
_.get_bound_field
_.compress
_.date_boxes
_.model_plural
_.is_restricted
_.may_see_history
# The programme's money and a decision's money section (issue 10): what the templates read.
_.has_contracts
_.counted_under
_.remaining
# ... and what was paid against it (issue 11 point 8, _programme_spend.html).
_.has_payments
_.to_receive
_.to_pay
# Grant agreements on staff pages (issue 10): admin registrations, form hooks and what the
# templates read; the dates before a variation are kept for the record.
_.FundingProfileYearAdmin
_.VariationProfileYearAdmin
_.clean_org_identifier
_.profile_help
_.terms_fields
_.profile_fields
_.match_fields
_.starts_on_before
_.ends_on_before
_.decision_pk
_.profile_before
_.profile_rows
# Demo content ready for PCD 905 (the variation of PCD 867's agreement), not loaded yet:
# demo/data.py _load_issue_10 says why.
_.ALPHA_VARIATION
_.PCD_905
_.status_colour  # template filter (alpha_hub/templatetags/status.py)
_.staff_navigation  # context processor (config/settings.py TEMPLATES)
# ClearanceComment: read by templates/decisions/staff/includes/_comment.html (docs/adr/0063).
_.answered_by
_.answered_at
_.resolved_by
_.resolved_at

# Issue 13 (Look): what templates and Django read (config/formats, the header's counts).
_.awaiting  # NavItem field, read by templates/staff/_awaiting.html
_.DATE_FORMAT  # config/formats/en_GB: Django's format module
_.SHORT_DATE_FORMAT
_.DATETIME_FORMAT
_.SHORT_DATETIME_FORMAT
_.FORMAT_MODULE_PATH  # setting

# Supporting papers (issue 13 point 5): a choice the forms offer and a form hook.
_.APPENDIX
_.clean_title
_.clean_file


# Drafting (docs/adr/0067).
_.KeepExpiredPostMiddleware  # a dotted path in settings.MIDDLEWARE
_.hint  # Task.hint, read by templates/decisions/staff/task_list.html
_.tag_colour  # Task.tag_colour, read by templates/decisions/staff/task_list.html
_.session_seconds  # template tag (templates/base.html)
_.missing_sections  # template tag (templates/decisions/staff/check_answers.html)
_.STANDARD_SECTIONS  # decisions/workflow.py: the default series' sections, used by the tests

# Admin hooks Django calls (the user's roles as checkboxes; a published programme's fixed slug).
_.filter_horizontal
_.get_prepopulated_fields
_.SupportingPaperAdmin
_.revealed_elsewhere  # template filter (templates/govuk/forms/form.html, decision_form.html)
_.revealed_fields  # template filter (templates/govuk/forms/choices.html)
