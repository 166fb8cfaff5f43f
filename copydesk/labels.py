"""Names people read in place of stored codes: product facts, segments, and times.

The database and the catalog keep ids (`annual_fee`, `zh-cross-border`) and UTC timestamps with
microseconds; screens and records show "Annual fee" / "年费", the segment's catalog name, and the
reader's local time to the minute. No Qt here: records and the CLI use it too.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Mapping

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")

# What each product kind is called in copy and in findings.
KIND_NAMES = {
    "en": {"credit_card": "credit card", "personal_loan": "personal loan", "mortgage": "mortgage", "auto_loan": "auto loan",
           "savings": "savings account", "term_deposit": "certificate of deposit", "checking": "checking account",
           "investment_fund": "investment fund", "wealth_management": "wealth management", "insurance": "insurance"},
    "zh": {"credit_card": "信用卡", "personal_loan": "个人贷款", "mortgage": "住房贷款", "auto_loan": "汽车贷款",
           "savings": "储蓄存款", "term_deposit": "定期存款", "checking": "借记账户", "investment_fund": "基金",
           "wealth_management": "理财产品", "insurance": "保险"},
}


def kind_label(kind: str, lang: str = "en") -> str:
    """The product kind as a reader says it ("credit card", 信用卡)."""
    return KIND_NAMES.get(lang, KIND_NAMES["en"]).get(kind, kind.replace("_", " "))


# Letters kept upper case in an English fact name.
ACRONYMS = frozenset({"apr", "apy", "atm", "cd", "etf", "fdic", "id", "ira", "ltv", "nmls", "pin", "qr", "sms", "url"})

# Keys the word-by-word rule gets wrong in English.
ENGLISH_FACTS = {
    "12b1_fee": "12b-1 fee",
    "seven_day_yield": "7-day yield",
    "cashback": "Cash back",
    "cashback_redemption": "Cash back redemption",
}

# Chinese names of the common fact keys in the catalogs (assets/, bench/, tests/). A key not
# here is shown with its English name; a key written in Chinese is its own name.
CHINESE_FACTS = {
    "access": "使用方式",
    "account_class": "账户类别",
    "account_fee": "账户管理费",
    "account_opening": "开户方式",
    "activation_reward": "新户礼遇",
    "activity_period": "活动期间",
    "adviser": "投资顾问",
    "advisor": "投资顾问",
    "advisory_fee": "顾问费",
    "advisory_report": "持仓报告",
    "advisory_service": "投资顾问服务",
    "alert_fee": "短信提醒费",
    "amount_range": "额度范围",
    "annual_fee": "年费",
    "annual_fee_first_year": "首年年费",
    "annual_fee_waiver": "年费减免",
    "annual_fees": "年费率",
    "annual_rate": "年利率",
    "annual_rate_1y": "一年期年利率",
    "annual_rate_3y": "3年期年利率",
    "annual_rate_5y": "5年期年利率",
    "app_auto_deposit": "自动存入",
    "app_auto_invest": "手机银行定投",
    "app_bill_service": "手机银行账单服务",
    "app_booking": "手机银行预约",
    "app_card_controls": "手机银行用卡管理",
    "app_large_font": "大字版",
    "app_progress": "进度查询",
    "app_purchase": "手机银行申购",
    "app_scheduled_transfer": "定时转账",
    "app_services": "手机银行服务",
    "app_statement": "电子账单",
    "app_supplementary_control": "副卡额度管理",
    "application_fee": "申请费",
    "appraisal_fee": "评估费",
    "apr": "年化利率",
    "apr_condition": "年化利率适用条件",
    "apr_range": "年化利率范围",
    "apy": "年化收益率",
    "apy_as_of": "年化收益率更新日期",
    "atm_access": "ATM 取款",
    "atm_fee": "ATM 手续费",
    "atm_fee_waiver": "ATM取款手续费减免",
    "atm_network": "取款网点",
    "auto_repayment": "自动还款",
    "auto_rollover": "到期自动转存",
    "auto_transfer": "自动转存",
    "balance_transfer_apr": "余额转移年化利率",
    "balance_transfer_fee": "余额转移手续费",
    "bank": "银行",
    "benchmark": "业绩比较基准",
    "benchmark_note": "业绩比较基准说明",
    "benefit_designation": "受益人指定",
    "bonus": "奖励",
    "bonus_conditions": "奖励条件",
    "bonus_delivery": "奖励发放",
    "bonus_limit": "领取限制",
    "branch_manager_service": "网点理财经理服务",
    "card_level": "卡片等级",
    "cash_advance_apr": "取现年化利率",
    "cash_advance_fee": "取现手续费",
    "cash_back": "返现",
    "cash_back_cap": "返现上限",
    "cash_back_family": "家庭消费返现",
    "cash_back_rate": "返现比例",
    "cashback": "返现",
    "cashback_categories": "返现类别",
    "channels": "办理渠道",
    "child_account": "子女名义开户",
    "child_disease_benefit": "少儿特定疾病保险金",
    "claims_service": "理赔服务",
    "closing_costs": "办理费用",
    "collateral_options": "担保方式",
    "collection_fee": "收款手续费",
    "combined_processing": "组合贷款办理",
    "compounding": "计息方式",
    "cooling_off": "犹豫期",
    "coverage": "保障范围",
    "coverage_scope": "保障范围",
    "coverage_term": "保障期限",
    "credit_limit": "信用额度",
    "credit_reporting": "征信报送",
    "credit_upgrade_review": "额度调整评估",
    "custody_fee": "托管费",
    "customer_service": "客户服务",
    "daily_rate": "日利率",
    "dealer_network": "合作门店",
    "deductible": "免赔额",
    "deposit_insurance": "存款保险",
    "deposit_insurance_cap": "存款保险偿付限额",
    "deposit_insurance_limit": "存款保险限额",
    "digital_card": "数字卡",
    "disbursement": "放款方式",
    "down_payment": "首付",
    "down_payment_ratio": "首付比例",
    "drawdown": "支用方式",
    "drawdown_access": "随借随还",
    "early_withdrawal": "提前支取",
    "early_withdrawal_penalty": "提前支取罚息",
    "eligibility": "申请条件",
    "exclusions": "责任免除",
    "expense_ratio": "费用率",
    "family_supplementary_cards": "家庭副卡",
    "fdic_insurance": "FDIC 存款保险",
    "fee_policy": "收费规则",
    "fee_waiver": "费用减免",
    "fees": "费用",
    "first_year_fee": "首年年费",
    "foreign_currency_fee": "货币转换费",
    "foreign_transaction_fee": "境外交易手续费",
    "fraud_notice": "防诈骗提示",
    "free_look": "犹豫期",
    "fund_company": "基金管理人",
    "fund_manager": "基金管理人",
    "fund_name": "基金名称",
    "fund_type": "基金类型",
    "grace_period": "宽限期",
    "handling_fee": "手续费",
    "health_concierge": "健康管家服务",
    "health_declaration": "健康告知",
    "health_notice": "健康告知",
    "holding_period": "持有期",
    "housing_fund_rate": "公积金贷款利率",
    "income_proof": "收入证明",
    "installment_apr": "分期年化利率",
    "installment_example": "分期示例",
    "installment_fee": "分期手续费",
    "installment_terms": "分期期数",
    "insurance_type": "险种",
    "insured_ages": "投保年龄",
    "interest": "利息",
    "interest_auto_transfer": "利息转存",
    "interest_example": "利息示例",
    "interest_free_days": "免息还款期",
    "interest_free_period": "免息期",
    "interest_payment": "付息方式",
    "interest_payment_schedule": "付息方式",
    "interest_rate": "利率",
    "interest_rate_rule": "计息规则",
    "interest_settlement": "结息方式",
    "intro_apr": "优惠期年化利率",
    "investor_suitability": "适合投资者",
    "issue_ages": "投保年龄",
    "issue_period": "发行期",
    "issue_series": "发行期次",
    "issuer": "发行机构",
    "joint_processing": "组合贷办理",
    "late_fee": "滞纳金",
    "late_payment_fee": "滞纳金",
    "loan_amounts": "贷款金额",
    "loan_fee": "贷款手续费",
    "loan_manager": "贷款客户经理",
    "loan_purpose": "贷款用途",
    "lounge_access": "机场贵宾厅",
    "lounge_visits": "机场贵宾厅",
    "management_fee": "管理费",
    "manager_service": "客户经理服务",
    "maturity_payout": "到期兑付",
    "max_amount": "最高额度",
    "medical_benefit": "医疗保障",
    "medical_exam": "体检要求",
    "miles_rate": "里程累积",
    "min_auto_invest": "定投起点",
    "min_deposit": "起存金额",
    "min_monthly_deposit": "每月最低存入",
    "min_opening_deposit": "开户起存金额",
    "min_purchase": "起购金额",
    "min_regular_investment": "定投起点金额",
    "min_withdrawal": "最低支取金额",
    "minimum_balance": "最低余额",
    "minimum_deposit": "起存金额",
    "minimum_down_payment": "最低首付",
    "minimum_initial_investment": "首次起投金额",
    "minimum_investment": "起投金额",
    "minimum_opening_deposit": "开户起存金额",
    "missed_deposit_rule": "漏存规则",
    "mobile_app": "手机银行",
    "mobile_banking": "手机银行",
    "mobile_bill_pay": "生活缴费",
    "mobile_bookkeeping": "手机记账",
    "mobile_pay": "移动支付",
    "mobile_payment": "移动支付",
    "mobile_plan": "手机银行定投计划",
    "mobile_tracking": "手机银行查询",
    "mobile_transfer_fee": "手机银行转账手续费",
    "mobile_wallet": "移动支付绑定",
    "monthly_fee": "月费",
    "monthly_maintenance_fee": "账户月管理费",
    "monthly_payment_example": "月供示例",
    "monthly_service_fee": "月服务费",
    "mortgage_manager": "房贷客户经理",
    "mortgaged_transfer": "带押过户",
    "nmls_id": "NMLS 编号",
    "notice_access": "通知支取",
    "notice_rule": "通知规则",
    "objective": "投资目标",
    "official_channel": "官方渠道",
    "ongoing_fees": "运作费用",
    "online_application": "线上申请",
    "online_appointment": "预约开户",
    "online_deposit": "线上存入",
    "online_progress": "线上进度查询",
    "online_purchase": "线上购买",
    "opening_deposit": "开户起存金额",
    "origination_fee": "贷款手续费",
    "other_cashback": "其他消费返现",
    "other_fees": "其他费用",
    "overdraft_apr": "透支年化利率",
    "overdraft_fee": "透支手续费",
    "overdraft_rate": "透支利率",
    "overseas_atm_fee": "境外取现手续费",
    "overseas_cashback": "境外消费返现",
    "overseas_remittance_fee": "境外汇款手续费",
    "partial_withdrawal": "部分支取",
    "payment_modes": "缴费方式",
    "payout_ratio": "赔付比例",
    "payout_service": "代发服务",
    "payroll_alert": "代发工资提醒",
    "payroll_service": "代发工资",
    "penalty_rate": "罚息利率",
    "performance_disclaimer": "业绩比较基准说明",
    "performance_fee": "业绩报酬",
    "phone": "客服电话",
    "pledge_financing": "存单质押",
    "points": "积分",
    "points_validity": "积分有效期",
    "policy_loan": "保单贷款",
    "premium": "保费",
    "premium_example": "保费示例",
    "premium_factors": "保费影响因素",
    "premium_from": "起始保费",
    "premium_payment_options": "交费方式",
    "premium_payment_terms": "交费期限",
    "premium_type": "保费类型",
    "prepayment": "提前还款",
    "prepayment_penalty": "提前还款违约金",
    "product_type": "产品类型",
    "provident_fund_rate": "公积金贷款利率",
    "provident_rate_condition": "公积金利率适用条件",
    "purchase_apr": "消费年化利率",
    "purchase_fee": "申购费率",
    "purchase_fee_discount": "申购费率优惠",
    "qr_collection": "扫码收款",
    "qualifying_assets": "申领条件",
    "rate_as_of": "利率更新日期",
    "rate_basis": "计息依据",
    "rate_condition": "利率适用条件",
    "rate_lock": "利率锁定",
    "rate_note": "利率说明",
    "rate_type": "利率类型",
    "rates_as_of": "利率更新日期",
    "redemption": "赎回",
    "redemption_arrival": "赎回到账时间",
    "redemption_fast": "快速赎回",
    "redemption_fee": "赎回费",
    "registration": "产品登记",
    "regular_investment": "定期定额投资",
    "reimbursement_ratio": "赔付比例",
    "relationship_manager": "客户经理",
    "renewal": "续期",
    "repayment_example": "还款示例",
    "repayment_methods": "还款方式",
    "repayment_reminder": "还款提醒",
    "representative_example": "代表性示例",
    "risk_level": "风险等级",
    "rollover": "自动转存",
    "sales_agent": "销售机构",
    "sales_charge": "销售费",
    "sales_service_fee": "销售服务费",
    "security_deposit": "保证金",
    "service_fee": "服务费",
    "settlement_access": "资金到账",
    "seven_day_yield": "七日年化收益率",
    "sms_alert_fee": "短信通知费",
    "social_security_services": "社保服务",
    "strategy": "投资策略",
    "subscription_fee": "申购费",
    "subscription_fee_discount": "申购费优惠",
    "subscription_period": "认购期",
    "sum_insured": "保险金额",
    "term": "期限",
    "term_lengths": "可选期限",
    "terms": "条款",
    "tracking_target": "跟踪误差目标",
    "trade_in_service": "以旧换新服务",
    "trade_up_support": "卖旧买新服务",
    "trading_fee": "交易费用",
    "transfer": "转让",
    "transfer_access": "转让",
    "transfer_fee": "转账手续费",
    "travel_concierge": "礼宾服务",
    "travel_insurance": "航空意外险",
    "used_car_valuation": "二手车评估",
    "vehicle_condition": "车辆条件",
    "vehicle_scope": "适用车辆",
    "village_manager_service": "驻村客户经理服务",
    "waiting_period": "等待期",
    "website": "网站",
    "welcome_bonus": "迎新礼遇",
}


def fact_label(key: str, lang: str = "en", labels: Mapping[str, str] | None = None) -> str:
    """The name of a product fact as a person reads it, in `lang` ("en" or "zh").

    `labels` are names the catalog gives (key -> name) and win; a key already written in Chinese
    is its own name; a Chinese reader gets the Chinese name of a common key; everyone else gets
    the key as words: `purchase_apr` -> "Purchase APR"."""
    if labels and labels.get(key):
        return labels[key]
    if _HAN.search(key):
        return key
    if lang.startswith("zh") and key in CHINESE_FACTS:
        return CHINESE_FACTS[key]
    if key in ENGLISH_FACTS:
        return ENGLISH_FACTS[key]
    words = [w for w in re.split(r"[_\-\s]+", key.strip()) if w]
    if not words:
        return key
    words = [w.upper() if w.lower() in ACRONYMS else w.lower() for w in words]
    words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words)


def segment_label(catalog, segment_id: str) -> str:
    """A segment's name in the catalog (`catalog` may be None); an id the catalog lacks is shown
    as words: `zh-cross-border` -> "zh cross border"."""
    for segment in getattr(catalog, "segments", ()) or ():
        if segment.id == segment_id:
            return segment.name
    return segment_id.replace("-", " ").replace("_", " ")


def product_label(catalog, product_id: str, frozen_name: str = "") -> str:
    """A product's name: the catalog's, else the name an approval froze, else the id."""
    for product in getattr(catalog, "products", ()) or ():
        if product.id == product_id:
            return product.name
    return frozen_name or product_id


def _parse(stamp: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    # Stored stamps are UTC; one without an offset (older rows, hand-made files) is UTC too.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def zone_name(moment: datetime) -> str:
    """A local time's zone as an offset people can compare: "UTC", "UTC+08:00", "UTC-05:00"."""
    offset = moment.utcoffset()
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def local_time(stamp: str, *, zone: bool = False) -> str:
    """A stored UTC ISO timestamp as the reader's local "YYYY-MM-DD HH:MM" ("" stays "").

    `zone=True` adds the zone, "2026-03-02 22:05 (UTC+08:00)", for documents read elsewhere.
    A plain date ("2026-06-30", e.g. an expiry) and text that is not a time are returned as they are."""
    if not stamp or _DATE_ONLY.fullmatch(stamp.strip()):
        return stamp
    moment = _parse(stamp.strip())
    if moment is None:
        return stamp
    local = moment.astimezone()
    text = local.strftime("%Y-%m-%d %H:%M")
    return f"{text} ({zone_name(local)})" if zone else text


def local_date(stamp: str) -> str:
    """The local date of a stored UTC timestamp, "YYYY-MM-DD" (for table columns)."""
    return local_time(stamp)[:10]
