<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminView</name>
    <message>
        <location filename="../../copydesk/ui/admin/view.py" line="+43"/>
        <source>Catalog</source>
        <translation>产品目录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule packs</source>
        <translation>规则包</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paths and language</source>
        <translation>路径与语言</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../copydesk/ui/common.py" line="+269"/>
        <source>Dismiss this message</source>
        <translation>关闭此提示</translation>
    </message>
</context>
<context>
    <name>CatalogTab</name>
    <message>
        <location filename="../../copydesk/ui/admin/catalog_tab.py" line="+37"/>
        <source>Catalog file</source>
        <translation>目录文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import catalog…</source>
        <translation>导入产品目录…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check a catalog file (products, facts, segments) and make it the one in use</source>
        <translation>检查产品目录文件（产品、要素、客群）并将其设为当前使用的目录</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>An imported catalog is checked first; if anything is wrong, every problem is listed with its place in the file and the current catalog stays in use. A valid one is copied into copydesk&apos;s settings folder.</source>
        <translation>导入的产品目录会先经过校验；如有错误，将逐条列出每个问题及其在文件中的位置，并继续使用当前目录。校验通过的目录会复制到 copydesk 的设置文件夹。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>(none loaded)</source>
        <translation>（未加载）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No catalog is loaded; import a valid one.</source>
        <translation>未加载产品目录，请导入有效的目录。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 products (%2 English, %3 Chinese) · %4 segments (%5 English, %6 Chinese)</source>
        <translation>%1 个产品（英文 %2 个，中文 %3 个）· %4 个客群（英文 %5 个，中文 %6 个）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import catalog</source>
        <translation>导入产品目录</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Catalog JSON (*.json);;All files (*)</source>
        <translation>产品目录 JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The database cannot be opened, so the import cannot be checked or recorded: %1</source>
        <translation>数据库无法打开，因此无法核对或记录这次导入：%1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The catalog could not be copied to %1: %2</source>
        <translation>无法将产品目录复制到 %1：%2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Imported %1: %2 products, %3 segments. It is now the catalog in use.</source>
        <translation>已导入 %1：%2 个产品，%3 个客群。该目录现已启用。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 was not imported: 1 problem, listed below. The current catalog stays in use.</source>
        <translation>%1 未导入：发现 1 个问题，见下方列表。继续使用当前目录。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 was not imported: %2 problems, listed below. The current catalog stays in use.</source>
        <translation>%1 未导入：发现 %2 个问题，见下方列表。继续使用当前目录。</translation>
    </message>
</context>
<context>
    <name>ComposeView</name>
    <message>
        <location filename="../../copydesk/ui/compose_view.py" line="+57"/>
        <source>Professional</source>
        <translation>专业</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Friendly</source>
        <translation>亲切</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Premium</source>
        <translation>高端</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Plain</source>
        <translation>平实</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+517"/>
        <source>Writing drafts…</source>
        <translation>正在撰写草稿…</translation>
    </message>
    <message>
        <location line="-392"/>
        <source>Type to search products</source>
        <translation>输入以搜索产品</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no limit</source>
        <translation>不限字数</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+269"/>
        <source>%1 characters</source>
        <translation>%1 字</translation>
    </message>
    <message>
        <location line="-261"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate drafts (Ctrl+Enter)</source>
        <translation>生成草稿 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop generating (Esc)</source>
        <translation>停止生成 (Esc)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Segment</source>
        <translation>客群</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tone</source>
        <translation>语气</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drafts</source>
        <translation>草稿数</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Product facts (the only claims copy may make)</source>
        <translation>产品要素（文案只能宣传这些内容）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>New copy</source>
        <translation>新建文案</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+495"/>
        <source>Inbox</source>
        <translation>收件箱</translation>
    </message>
    <message>
        <location line="-490"/>
        <source>Drafts appear here as they are written. Pick a product and segment, then Generate (Ctrl+Enter).</source>
        <translation>草稿会在撰写时显示在这里。请选择产品和客群，然后点击“生成”(Ctrl+Enter)。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Write or paste copy here, or pick a draft; it is checked as you type.</source>
        <translation>在此撰写或粘贴文案，或选择一份草稿；输入时会实时进行合规检查。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+409"/>
        <source>New draft</source>
        <translation>新草稿</translation>
    </message>
    <message>
        <location line="-404"/>
        <source>Apply fix</source>
        <translation>应用修改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Apply all safe fixes</source>
        <translation>应用全部安全修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save as a new version (Ctrl+S)</source>
        <translation>另存为新版本 (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <comment>to the clipboard</comment>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submit for review</source>
        <translation>送审</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save and submit for review (Ctrl+Shift+Enter)</source>
        <translation>保存并送审 (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reason for submitting despite blocking findings (recorded for the reviewer)</source>
        <translation>存在阻断性问题仍送审的覆盖理由（将记录并提供给审核人）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Copy</source>
        <comment>the marketing text being written</comment>
        <translation>文案</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Copy the text to the clipboard (Ctrl+Shift+C)</source>
        <translation>将文案复制到剪贴板 (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply the selected finding&apos;s safe fix (Ctrl+Shift+F)</source>
        <translation>应用所选问题的安全修改 (Ctrl+Shift+F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply every safe fix and add missing disclosures (Ctrl+Shift+G)</source>
        <translation>应用全部安全修改并补充缺少的披露 (Ctrl+Shift+G)</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Required disclosures:</source>
        <translation>必要披露：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not to be offered: %1</source>
        <translation>不得推介：%1</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>No findings: nothing in this copy breaks a rule.</source>
        <translation>未发现问题：这段文案没有违反任何规则。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A safe fix is available.</source>
        <translation>有可用的安全修改。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Figures and the facts they state:</source>
        <translation>文案中的数字及其对应的产品事实：</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Filling copy templates…</source>
        <translation>正在填充文案模板…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Generation failed: %1</source>
        <translation>生成失败：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generation failed.</source>
        <translation>生成失败。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>New draft from %1</source>
        <translation>新草稿（来源：%1）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>copy template</source>
        <translation>文案模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New draft based on %1</source>
        <translation>基于 %1 的新草稿</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Revising %1: saving makes the next version of the same draft</source>
        <translation>正在修改 %1：保存后将成为同一草稿的下一个版本</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No catalog is loaded, so copy cannot be saved.</source>
        <translation>未加载产品目录，无法保存文案。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no text to save yet.</source>
        <translation>还没有可保存的文字。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not saved: %1 Your text is still here.</source>
        <translation>未保存：%1 您的文字仍保留在此。</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Recovered the text you had not saved (from %1).</source>
        <translation>已恢复您未保存的文字（保存于 %1）。</translation>
    </message>
    <message>
        <location line="-87"/>
        <source>Saved as %1</source>
        <translation>已保存为 %1</translation>
    </message>
    <message>
        <location line="-60"/>
        <source>%1 drafts, %2 pass the checks; best first.</source>
        <translation>共 %1 份草稿，%2 份通过检查；最佳的排在最前。</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 has %2 blocking finding(s) (%3). Fix them, or submit with an override reason for the reviewer (it is recorded; blocked copy still cannot be approved)</source>
        <translation>%1 存在 %2 个阻断性问题（%3）。请先修改；或填写覆盖理由后送审，供审核人参考（理由将记录在案；存在阻断性问题的文案仍不能被批准）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not submitted: %1</source>
        <translation>未送审：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Submitted %1 for review.</source>
        <translation>已将 %1 送审。</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Submitted %1</source>
        <translation>已送审 %1</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Inbox (%1)</source>
        <translation>收件箱（%1）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Autosave failed: %1 Save your text when you can.</source>
        <translation>自动保存失败：%1 请尽快手动保存。</translation>
    </message>
    <message>
        <location line="-70"/>
        <source>Recovered unsaved text</source>
        <translation>已恢复未保存的文字</translation>
    </message>
</context>
<context>
    <name>DraftCard</name>
    <message>
        <location line="-627"/>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Preheader</source>
        <translation>预览文字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greeting</source>
        <translation>称呼</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Headline</source>
        <translation>标语</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hook</source>
        <translation>导语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Body</source>
        <translation>正文</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Call to action</source>
        <translation>行动号召</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disclosures</source>
        <translation>披露</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sender</source>
        <translation>发送方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opt-out</source>
        <translation>退订</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>benefit-led</source>
        <translation>利益切入</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>need-led</source>
        <translation>需求切入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offer-led</source>
        <translation>优惠切入</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>question-led</source>
        <translation>提问切入</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+26"/>
        <source>Writing…</source>
        <translation>正在撰写…</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Edit this draft</source>
        <translation>编辑此草稿</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>copy template</source>
        <translation>文案模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 characters</source>
        <translation>%1 字</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>repaired: %1</source>
        <translation>已自动修正：%1</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Angle: %1</source>
        <translation>角度：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>answers: %1</source>
        <translation>回应需求：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>facts filled in: %1</source>
        <translation>填入事实：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>adapter %1</source>
        <translation>适配器 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
</context>
<context>
    <name>InboxView</name>
    <message>
        <location filename="../../copydesk/ui/inbox_view.py" line="+37"/>
        <source>Copy returned to you, then decisions since you last looked</source>
        <translation>退回给您的文案，以及自您上次查看以来的审核决定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing waiting for you: no copy was returned, and no decisions since you last looked.</source>
        <translation>没有待处理事项：没有退回的文案，自您上次查看以来也没有新的审核决定。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Revise</source>
        <translation>修改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the next version of this draft in the editor (Ctrl+Shift+V)</source>
        <translation>在编辑器中打开此草稿的下一个版本 (Ctrl+Shift+V)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mark decisions as read</source>
        <translation>将审核决定标为已读</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear approvals and rejections from the inbox; returned copy stays until you revise it</source>
        <translation>从收件箱中清除批准和驳回通知；退回的文案会一直保留，直到您修改</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Returned to you</source>
        <translation>已退回给您</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2 · %3 · %4 — by %5</source>
        <translation>%1：%2 · %3 · %4 — 审核人：%5</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>(no comment)</source>
        <translation>（无意见）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (%2):
“%3”</source>
        <translation>%1（%2）：
“%3”</translation>
    </message>
</context>
<context>
    <name>InsightsView</name>
    <message>
        <location filename="../../copydesk/ui/insights_view.py" line="+48"/>
        <source>Last %1 days</source>
        <translation>最近 %1 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Period</source>
        <translation>统计期间</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+153"/>
        <source>Drafts created</source>
        <translation>新建草稿</translation>
    </message>
    <message>
        <location line="-152"/>
        <source>Submitted</source>
        <translation>已送审</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes requested</source>
        <translation>退回修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In review now</source>
        <translation>当前审核中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overrides used</source>
        <translation>覆盖送审</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passed first time</source>
        <translation>一次通过率</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Drafts created and approvals</source>
        <translation>新建草稿与批准数量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rules that fire most (submitted versions)</source>
        <translation>最常触发的规则（送审版本）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First-time pass rate by product</source>
        <translation>各产品一次通过率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A draft passes first time when the reviewer&apos;s first decision approves the first version submitted, with no changes asked for and no rework. Drafts count in the period of that first decision.</source>
        <translation>一次通过是指：审核人对首个送审版本的首次决定即为批准，没有退回修改，也没有返工。草稿计入首次决定所在的统计期间。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>The database cannot be opened, so there is nothing to show: %1</source>
        <translation>无法打开数据库，没有可显示的内容：%1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The figures could not be computed: %1</source>
        <translation>无法计算统计数据：%1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 of %2 drafts decided in the period</source>
        <translation>期间内已决定的 %2 份草稿中有 %1 份一次通过</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No drafts or reviews in the last %1 days. Figures appear here once marketers create drafts and reviewers decide on them.</source>
        <translation>最近 %1 天没有草稿或审核记录。营销人员创建草稿、审核人员作出决定后，统计数据将显示在这里。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Drafts created and approvals per week</source>
        <translation>每周新建草稿与批准数量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drafts created and approvals per day</source>
        <translation>每日新建草稿与批准数量</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Approvals</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Week starting (month-day)</source>
        <translation>周起始日（月-日）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Day (month-day)</source>
        <translation>日期（月-日）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No drafts or approvals in this period</source>
        <translation>此期间没有草稿或批准记录</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Submitted versions</source>
        <translation>送审版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Submitted versions it fired on</source>
        <translation>触发该规则的送审版本数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>block</source>
        <translation>阻断</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>warn</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No findings on submitted copy in this period</source>
        <translation>此期间送审文案中未发现问题</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>First-time pass rate</source>
        <translation>一次通过率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Share of decided drafts</source>
        <translation>占已决定草稿的比例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (%2 of %3)</source>
        <translation>%1（%3 份中 %2 份）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No review decisions in this period</source>
        <translation>此期间没有审核决定</translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <location filename="../../copydesk/ui/library_view.py" line="+60"/>
        <location line="+4"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Segment</source>
        <translation>客群</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lang</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+3"/>
        <source>Written</source>
        <translation>撰写时间</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Text</source>
        <translation>文案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Author</source>
        <translation>撰写人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check</source>
        <translation>检查结论</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: the folder %2 does not exist; choose another place to save</source>
        <translation>%1：文件夹 %2 不存在，请选择其他保存位置</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Search copy: words or “a phrase”, English or 中文 (e.g. 返现)…</source>
        <translation>搜索文案：关键词或“完整短语”，中英文均可（例如 返现）…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any product</source>
        <translation>全部产品</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Any segment</source>
        <translation>全部客群</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Any channel</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Any language</source>
        <translation>全部语言</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Only versions written on or after / on or before this date</source>
        <translation>仅显示在此日期当天或之后 / 当天或之前撰写的版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show every version again: empty the search and reset the filters</source>
        <translation>重新显示全部版本：清空搜索并重置筛选条件</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Which versions to show: approved copy, or any other state</source>
        <translation>要显示的版本：已批准的文案或其他任一状态</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save every version matching the search as CSV or JSON</source>
        <translation>将与搜索条件匹配的所有版本保存为 CSV 或 JSON</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Double-click a version to read it</source>
        <translation>双击版本即可查看</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Changes</source>
        <translation>修改对比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version history</source>
        <translation>版本历史</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use as start of a new draft</source>
        <translation>以此为基础新建草稿</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open this text in Compose as a new draft (it needs its own approval)</source>
        <translation>在“撰写”中以这段文字新建草稿（新草稿需单独审批）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Approval record…</source>
        <translation>审批记录…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the approval record as PDF, Word or HTML</source>
        <translation>将审批记录保存为 PDF、Word 或 HTML</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Select a version to read it, its history and what changed</source>
        <translation>选择一个版本，查看其内容、历史和修改对比</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>The library needs the product catalog; fix the catalog problem and restart copydesk.</source>
        <translation>文案库需要产品目录；请修复目录问题后重启 copydesk。</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+238"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location line="-207"/>
        <source>%1 version(s)</source>
        <translation>%1 个版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The first %1 versions; narrow the search to see the rest (Export writes them all)</source>
        <translation>仅显示前 %1 个版本；缩小搜索范围可查看其余版本（“导出”会导出全部版本）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Nothing matches “%1” with these filters.</source>
        <translation>在当前筛选条件下，没有与“%1”匹配的内容。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Status: %1. Campaign “%2”, segment “%3”.</source>
        <translation>状态：%1。营销活动“%2”，客群“%3”。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Written by %1 (%2) at %3.</source>
        <translation>由 %1 于 %3 撰写（%2）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Decided by %1 at %2.</source>
        <translation>由 %1 于 %2 作出审核决定。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expires %1.</source>
        <translation>到期日：%1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retired %1: %2.</source>
        <translation>已于 %1 停用：%2。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Changes from v%1 (#%2) to v%3 (#%4):</source>
        <translation>从 v%1（#%2）到 v%3（#%4）的修改：</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>%1: unknown record format &apos;%2&apos;; use .pdf, .docx or .html</source>
        <translation>%1：未知的记录格式“%2”；请使用 .pdf、.docx 或 .html</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Exporting to %1…</source>
        <translation>正在导出到 %1…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Writing the record to %1…</source>
        <translation>正在将审批记录写入 %1…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Approval record saved to %1.</source>
        <translation>审批记录已保存到 %1。</translation>
    </message>
    <message>
        <location line="-181"/>
        <source>No versions</source>
        <translation>没有版本</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No approved copy yet. Versions appear here once a reviewer approves them.</source>
        <translation>尚无已批准的文案。版本经审核人批准后会显示在这里。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing matches these filters.</source>
        <translation>没有符合这些筛选条件的内容。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Verdict of the compliance check</source>
        <translation>合规检查结论</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>First version of this draft: nothing earlier to compare with.</source>
        <translation>这是该草稿的第一个版本，没有可对比的早期版本。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Export library</source>
        <translation>导出文案库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV spreadsheet (*.csv);;JSON (*.json)</source>
        <translation>CSV 表格 (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Save approval record</source>
        <translation>保存审批记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF (*.pdf);;Word document (*.docx);;Web page (*.html)</source>
        <translation>PDF (*.pdf);;Word 文档 (*.docx);;网页 (*.html)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../copydesk/ui/main_window.py" line="+53"/>
        <location line="+152"/>
        <source>Compose</source>
        <translation>撰写</translation>
    </message>
    <message>
        <location line="-152"/>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Library</source>
        <translation>文案库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insights</source>
        <translation>数据统计</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Admin</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>The database cannot be used, so nothing can be saved: </source>
        <translation>数据库无法使用，任何内容都无法保存：</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Model: loading %1…</source>
        <translation>模型：正在加载 %1…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Model ready: %1 (%2)%3</source>
        <translation>模型已就绪：%1（%2）%3</translation>
    </message>
    <message>
        <location line="-63"/>
        <source>You ({user}) are not a copydesk user yet, so you can read but not write or review. Ask an admin to add you (Admin → Users).</source>
        <translation>您（{user}）还不是 copydesk 用户，只能查看，不能撰写或审核。请联系管理员添加您（系统管理 → 用户）。</translation>
    </message>
    <message>
        <location line="-67"/>
        <source> (identity override: OS login %1)</source>
        <translation>（身份覆盖：操作系统登录名 %1）</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Signed in as %1. Offline: copydesk never connects to the network.</source>
        <translation>当前用户：%1。离线运行：copydesk 从不连接网络。</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>; other languages use copy templates</source>
        <translation>；其他语言使用文案模板</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The model could not load, so drafts come from the copy templates until it is fixed (Admin → Model): </source>
        <translation>模型无法加载，修复前草稿将由文案模板生成（系统管理 → 模型）：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Model unavailable: using copy templates</source>
        <translation>模型不可用：正在使用文案模板</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drafts from copy templates (no model configured)</source>
        <translation>草稿由文案模板生成（未配置模型）</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 item(s) in your inbox</source>
        <translation>收件箱中有 %1 项</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The interface language changes the next time copydesk starts.</source>
        <translation>界面语言将在下次启动 copydesk 时生效。</translation>
    </message>
</context>
<context>
    <name>ModelLoadIndicator</name>
    <message>
        <location filename="../../copydesk/ui/onboarding.py" line="+162"/>
        <source>converting it once for this PC</source>
        <translation>正在为本机进行一次性转换</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>keeping the vocabulary it needs</source>
        <translation>正在保留所需词表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reading the converted model</source>
        <translation>正在读取转换后的模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>about %1 s left</source>
        <translation>约剩 %1 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>about %1 min left</source>
        <translation>约剩 %1 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model: first start, %1 (step %2 of %3, %4%), %5</source>
        <translation>模型：首次启动，%1（第 %2/%3 步，%4%），%5</translation>
    </message>
</context>
<context>
    <name>ModelTab</name>
    <message>
        <location filename="../../copydesk/ui/admin/model_tab.py" line="+44"/>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use a model folder on this PC or a share (config.json, tokenizer and safetensors or GGUF weights)</source>
        <translation>使用本机或共享目录中的模型文件夹（config.json、分词器以及 safetensors 或 GGUF 权重）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use copy templates only</source>
        <translation>仅使用文案模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write drafts from the fact templates only, without a model</source>
        <translation>不使用模型，仅用要素模板撰写草稿</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use bundled default</source>
        <translation>使用内置默认模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back to the model installed with copydesk</source>
        <translation>恢复使用 copydesk 自带的模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verify</source>
        <translation>校验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the model files: sizes, SHA-256 checksums and the converted cache</source>
        <translation>检查模型文件：大小、SHA-256 校验和及转换缓存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Configured model</source>
        <translation>当前配置的模型</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A model folder must be a local Hugging Face folder with config.json and *.safetensors weights (pickle weights are never loaded). When the model cannot load, drafts come from the copy templates, which need no model.</source>
        <translation>模型文件夹必须是本地的 Hugging Face 文件夹，包含 config.json 和 *.safetensors 权重（不会加载 pickle 格式的权重）。模型无法加载时，草稿将由文案模板生成，文案模板无需模型。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>change the model, the model folder or the copy adapter, or learn from approved copy</source>
        <translation>更改模型、模型文件夹或文案适配器，或从已批准文案学习</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Settings were not saved: %1</source>
        <translation>设置未保存：%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Copy adapter (the bank&apos;s voice)</source>
        <translation>文案适配器（本行文风）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Learn from approved copy</source>
        <translation>从已批准文案学习</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fine-tune a new adapter on the library&apos;s approved versions; the previous adapters stay selectable</source>
        <translation>用文案库中已批准的版本微调出新的适配器；之前的适配器仍可选择</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the training; the adapter in use stays as it is</source>
        <translation>停止训练；当前使用的适配器保持不变</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>House adapter (trained on the copy corpus)</source>
        <translation>内置适配器（基于文案语料训练）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learned %1 from %2 approved versions</source>
        <translation>%1 学习版（%2 条已批准文案）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No adapter (the base model alone)</source>
        <translation>不用适配器（仅基础模型）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Saved. The adapter applies to the next drafts you generate.</source>
        <translation>已保存。新的适配器将用于之后生成的草稿。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Cancelled. The adapter in use is unchanged.</source>
        <translation>已取消，当前使用的适配器未改变。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Preparing the approved copy and the model…</source>
        <translation>正在准备已批准文案和模型…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelling after this step…</source>
        <translation>本步完成后取消…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Step %1 of %2, about %3 min left</source>
        <translation>第 %1/%2 步，约剩 %3 分钟</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New adapter ready: held-back approved copy loss %1 before, %2 after. Pick it above to use it; the previous adapters stay in the list.</source>
        <translation>新适配器已就绪：留出的已批准文案损失由 %1 降至 %2。在上方选择即可使用；之前的适配器仍在列表中。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Copy templates only (no model)</source>
        <translation>仅使用文案模板（不使用模型）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No model is used: every draft is written from the copy templates.</source>
        <translation>未使用模型：所有草稿均由文案模板生成。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Bundled default</source>
        <translation>内置默认模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (cannot load: copy templates in use)</source>
        <translation>%1（无法加载：正在使用文案模板）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model cannot be loaded, so drafts are written from the copy templates until this is fixed: %1</source>
        <translation>模型无法加载，问题修复前草稿将由文案模板生成：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bundled default: %1</source>
        <translation>内置默认模型：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folder: %1 (%2)</source>
        <translation>文件夹：%1（%2）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a model folder</source>
        <translation>选择模型文件夹</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This folder cannot be used as the model: %1. The model setting is unchanged.</source>
        <translation>此文件夹不能用作模型：%1。模型设置未更改。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Saved. The new model setting applies to the next drafts you generate.</source>
        <translation>已保存。新的模型设置将用于下一次生成的草稿。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No model to verify: copy templates only.</source>
        <translation>没有需要校验的模型：当前仅使用文案模板。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Verifying the model files (computing checksums)…</source>
        <translation>正在校验模型文件（计算校验和）…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>GGUF file (converted once to a safetensors cache)</source>
        <translation>GGUF 文件（首次使用时转换为 safetensors 缓存）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Safetensors folder</source>
        <translation>Safetensors 文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cache</source>
        <translation>缓存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cache status</source>
        <translation>缓存状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>copydesk&apos;s Llama decoder (fast path)</source>
        <translation>copydesk 内置 Llama 解码器（快速路径）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>transformers</source>
        <translation>transformers</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>decided after the conversion</source>
        <translation>转换完成后确定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runtime</source>
        <translation>运行方式</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The model files are present and readable.</source>
        <translation>模型文件齐全且可读取。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not built yet (built once on first use, about a minute)</source>
        <translation>尚未生成（首次使用时生成，约需一分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>out of date: the model file changed (rebuilt on next use)</source>
        <translation>已过期：模型文件已变更（下次使用时重新生成）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>damaged (rebuilt on next use)</source>
        <translation>已损坏（下次使用时重新生成）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The model cannot be verified: %1</source>
        <translation>无法校验模型：%1</translation>
    </message>
</context>
<context>
    <name>OnboardingChecklist</name>
    <message>
        <location filename="../../copydesk/ui/onboarding.py" line="-129"/>
        <source>Hide this list</source>
        <translation>隐藏此清单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hide the checklist on this PC; the Admin page still does every step</source>
        <translation>在本机隐藏此清单；所有步骤仍可在“系统管理”页面完成</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Users…</source>
        <translation>用户…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add a reviewer…</source>
        <translation>添加审核人员…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import catalog…</source>
        <translation>导入产品目录…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Check the model…</source>
        <translation>检查模型…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Getting started: %1 of %2 done</source>
        <translation>快速上手：已完成 %1/%2 项</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Signed in as %1, who is not a copydesk user yet: ask an admin to add you (%2).</source>
        <translation>当前登录用户 %1 还不是 copydesk 用户：请联系管理员添加您（%2）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no admin yet</source>
        <translation>尚无管理员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed in as %1 (%2).</source>
        <translation>当前登录用户：%1（%2）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A reviewer is set up: copy can be approved.</source>
        <translation>已设置审核人员：文案可以审批了。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a reviewer (compliance): nobody else can approve copy.</source>
        <translation>添加审核人员（合规）：只有审核人员才能批准文案。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your product catalog is in use.</source>
        <translation>正在使用您的产品目录。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import your product catalog: the bundled sample is in use.</source>
        <translation>导入您的产品目录：当前使用的是内置示例目录。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model was checked.</source>
        <translation>模型已校验。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the model: Verify confirms its files and checksums.</source>
        <translation>检查模型：“校验”会核对模型文件及其校验和。</translation>
    </message>
</context>
<context>
    <name>PathsTab</name>
    <message>
        <location filename="../../copydesk/ui/admin/paths_tab.py" line="+30"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings folder</source>
        <translation>设置文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings file</source>
        <translation>设置文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cache folder</source>
        <translation>缓存文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log folder</source>
        <translation>日志文件夹</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Converted model weights; safe to delete (rebuilt when needed)</source>
        <translation>转换后的模型权重；可以安全删除（需要时会重新生成）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The interface language changes when copydesk restarts.</source>
        <translation>界面语言将在 copydesk 重启后生效。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Settings were not saved: %1</source>
        <translation>设置未保存：%1</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../../copydesk/ui/review_view.py" line="+68"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submitted by</source>
        <translation>送审人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Submitted</source>
        <translation>送审时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verdict</source>
        <translation>检查结论</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Override</source>
        <translation>覆盖送审</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any age</source>
        <translation>不限等待时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Waiting 1 day or more</source>
        <translation>等待 1 天及以上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting 3 days or more</source>
        <translation>等待 3 天及以上</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Waiting a week or more</source>
        <translation>等待 1 周及以上</translation>
    </message>
    <message>
        <location line="+54"/>
        <location line="+222"/>
        <source>Nothing waiting for review</source>
        <translation>没有待审核的文案</translation>
    </message>
    <message>
        <location line="-214"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reload the queue</source>
        <translation>重新加载待审队列</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Product facts</source>
        <translation>产品要素</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes</source>
        <translation>修改对比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy (findings highlighted: red blocks, amber warns)</source>
        <translation>文案（问题已高亮：红色为阻断，琥珀色为警告）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Comment for the record (required to reject or request changes)</source>
        <translation>审核意见（将记录在案；驳回或退回修改时必填）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Expires on</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retire the approved copy automatically on this date</source>
        <translation>在此日期自动停用已批准的文案</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+334"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="-332"/>
        <source>Approve this version (you must not have written or edited it)</source>
        <translation>批准此版本（四眼原则：您不得是其撰写人或修改人）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Request changes</source>
        <translation>退回修改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send it back to the writer with your comment</source>
        <translation>连同您的意见退回给撰写人修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reject it for good; your comment says why</source>
        <translation>最终驳回；请在意见中说明理由</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Select a version in the queue to review it</source>
        <translation>在待审队列中选择一个版本进行审核</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The review queue needs the product catalog; fix the catalog problem and restart copydesk.</source>
        <translation>待审队列需要产品目录；请修复目录问题后重启 copydesk。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>All products</source>
        <translation>全部产品</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All authors</source>
        <translation>全部撰写人</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>resubmitted</source>
        <translation>重新提交</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>first</source>
        <translation>首次</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>A reviewer asked for changes on an earlier version; Changes shows what the writer changed since</source>
        <translation>审核人员曾对较早的版本退回修改；“修改对比”显示撰写人此后所做的修改</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Waiting for review: %1</source>
        <translation>待审核：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing matches these filters</source>
        <translation>没有符合这些筛选条件的文案</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Campaign “%1” for segment %2. Written by %3 (%4) at %5; submitted by %6 at %7.</source>
        <translation>营销活动“%1”，客群：%2。由 %3 于 %5 撰写（%4）；由 %6 于 %7 送审。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Submitted despite blocking findings. %1&apos;s reason: %2</source>
        <translation>存在阻断性问题仍送审。%1 的覆盖理由：%2</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Check report: %1 finding(s), %2 blocking</source>
        <translation>检查报告：%1 个问题，其中 %2 个为阻断</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Product “%1” is no longer in the catalog, so its facts and required disclosures are unknown. It cannot be approved until the catalog has it again.</source>
        <translation>产品“%1”已不在产品目录中，因此无法确定其产品要素和必要披露。在产品目录重新收录该产品之前，不能批准。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>First version of this draft: nothing earlier to compare with.</source>
        <translation>这是该草稿的第一个版本，没有可对比的早期版本。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Resubmitted. %1 asked for changes on v%2 (#%3): “%4”. What the writer changed since:</source>
        <translation>重新提交。%1 曾将 v%2（#%3）退回修改：“%4”。撰写人此后所做的修改：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Changes from v%1 (#%2, %3) to v%4:</source>
        <translation>从 v%1（#%2，%3）到 v%4 的修改：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First version of this draft. It started from %1 (%2); changes from that text:</source>
        <translation>这是该草稿的第一个版本，基于 %1（%2）创建；相对原文的修改：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>v%1 (#%2) written by %3 (%4); check %5</source>
        <translation>v%1（#%2）由 %3 撰写（%4）；检查结论：%5</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>v%1 submitted by %2</source>
        <translation>v%1 由 %2 送审</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> with override: %1</source>
        <translation>，覆盖理由：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>v%1: %2 by %3</source>
        <translation>v%1：%2（%3）</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Write a comment first: say why you %1, so the writer knows what to fix.</source>
        <translation>请先填写审核意见：说明%1的理由，让撰写人知道需要修改什么。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Approved %1. It is in the library now.</source>
        <translation>已批准 %1，现已收入文案库。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requested changes to %1; it went back to %2.</source>
        <translation>已将 %1 退回 %2 修改。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected %1.</source>
        <translation>已驳回 %1。</translation>
    </message>
    <message>
        <location line="-207"/>
        <location line="+33"/>
        <source>Check report</source>
        <translation>检查报告</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Verdict of the check when it was submitted</source>
        <translation>送审时的检查结论</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This version has blocking findings: it cannot be approved as it stands.</source>
        <translation>此版本存在阻断性问题：按现状不能批准。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No findings: the check passed when it was submitted.</source>
        <translation>未发现问题：送审时检查已通过。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The copy may state only these facts:</source>
        <translation>文案只能宣传以下产品要素：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Required disclosures</source>
        <translation>必要披露</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>No review decisions yet.</source>
        <translation>尚无审核决定。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Approve this copy?</source>
        <translation>批准这份文案？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve %1 (%2, %3)? It goes into the library for use.</source>
        <translation>批准 %1（%2，%3）？批准后将收入文案库供使用。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>It has %1 warning(s): %2</source>
        <translation>存在 %1 个警告：%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It was submitted despite blocking findings: “%1”</source>
        <translation>该文案存在阻断性问题仍被送审，理由：“%1”</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>request changes</source>
        <translation>退回修改</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>reject it</source>
        <translation>驳回</translation>
    </message>
</context>
<context>
    <name>RulesTab</name>
    <message>
        <location filename="../../copydesk/ui/admin/rules_tab.py" line="+26"/>
        <source>Pack</source>
        <translation>规则包</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rules</source>
        <translation>规则数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run examples</source>
        <translation>运行示例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check that every rule flags its &apos;flag&apos; examples and passes its &apos;pass&apos; examples</source>
        <translation>检查每条规则能否命中其“flag”示例、放行其“pass”示例</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open house rules folder</source>
        <translation>打开行内规则文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the folder where the bank&apos;s own rule packs (.toml) go</source>
        <translation>显示存放本行自定义规则包（.toml）的文件夹</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Put your own *.toml packs in the house rules folder; they load after the bundled packs when copydesk starts.</source>
        <translation>将本行自定义的 *.toml 规则包放入行内规则文件夹；copydesk 启动时会在内置规则包之后加载它们。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>House</source>
        <translation>行内</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bundled</source>
        <translation>内置</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Problems loading the packs (the other packs stay in force):</source>
        <translation>加载规则包时出现问题（其他规则包仍然生效）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All rule packs loaded without problems.</source>
        <translation>所有规则包均已正常加载。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No rule engine is loaded.</source>
        <translation>未加载规则引擎。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Running the examples…</source>
        <translation>正在运行示例…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 of %2 examples failed:</source>
        <translation>%2 个示例中有 %1 个未通过：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All %1 examples passed (0 failures).</source>
        <translation>全部 %1 个示例均通过（0 个失败）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The examples could not run: %1</source>
        <translation>示例无法运行：%1</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <location filename="../../copydesk/ui/admin/users_tab.py" line="+40"/>
        <location line="+34"/>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location line="-34"/>
        <location line="+35"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="-35"/>
        <location line="+36"/>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Added by</source>
        <translation>添加人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Added</source>
        <translation>添加日期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add or change a user</source>
        <translation>添加或修改用户</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Windows login, e.g. alice</source>
        <translation>Windows 登录名，例如 alice</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Full name (optional)</source>
        <translation>姓名（可选）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Marketer</source>
        <translation>营销人员</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reviewer (compliance)</source>
        <translation>审核人员（合规）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writes copy and submits it for review</source>
        <translation>撰写文案并提交审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approves, returns or rejects other people&apos;s copy</source>
        <translation>批准、退回或拒绝他人撰写的文案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Manages users, the catalog, the rules and the model</source>
        <translation>管理用户、产品目录、规则和模型</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save user</source>
        <translation>保存用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add this login, or change its name and roles</source>
        <translation>添加此登录名，或修改其姓名和角色</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+121"/>
        <location line="+6"/>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <location line="-125"/>
        <source>Stop the selected user from signing in; their copy and decisions stay</source>
        <translation>停用所选用户的登录；其文案和审核记录保留</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Role changes waiting for a second admin</source>
        <translation>等待另一位管理员确认的角色变更</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply the selected role change (another admin asked for it)</source>
        <translation>执行所选的角色变更（由另一位管理员提出）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refuse</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refuse the selected role change; the roles stay as they are</source>
        <translation>拒绝所选的角色变更；角色保持不变</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Active</source>
        <translation>已启用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+73"/>
        <source>The database cannot be opened: %1</source>
        <translation>无法打开数据库：%1</translation>
    </message>
    <message>
        <location line="-71"/>
        <source>Users are never deleted, because the record names them: deactivate someone who leaves. Pick a row to change it.</source>
        <translation>审核记录中留有用户姓名，因此用户不会被删除：人员离职时请将其停用。选择一行即可修改。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>add or change users</source>
        <translation>添加或修改用户</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 as %2, asked by %3</source>
        <translation>%1 设为 %2，由 %3 申请</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Confirmed: %1 is now %2.</source>
        <translation>已确认：%1 现在是 %2。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refused the role change.</source>
        <translation>已拒绝该角色变更。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Reactivate</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Type the person&apos;s Windows login first.</source>
        <translation>请先输入该人员的 Windows 登录名。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Asked for %1 (%2): another admin must confirm it (request %3).</source>
        <translation>已申请 %1（%2）：须由另一位管理员确认（申请 %3）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saved %1 (%2).</source>
        <translation>已保存 %1（%2）。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1 is active again.</source>
        <translation>%1 已重新启用。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 is deactivated and can no longer sign in.</source>
        <translation>%1 已停用，无法再登录。</translation>
    </message>
</context>
<context>
    <name>admin</name>
    <message>
        <location filename="../../copydesk/ui/admin/common.py" line="+17"/>
        <source>import a catalog</source>
        <translation>导入产品目录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change the model</source>
        <translation>更改模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change the model folder</source>
        <translation>更改模型文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change the copy adapter</source>
        <translation>更改文案适配器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>learn from approved copy</source>
        <translation>从已批准文案学习</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Only an admin can %1 — ask your copydesk admin</source>
        <translation>只有管理员才能%1，请联系 copydesk 管理员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only an admin can %1 — ask %2</source>
        <translation>只有管理员才能%1，请联系 %2</translation>
    </message>
</context>
<context>
    <name>common</name>
    <message>
        <location filename="../../copydesk/ui/common.py" line="-248"/>
        <source>PASS</source>
        <translation>通过</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>WARN</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BLOCK</source>
        <translation>阻断</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>submitted</source>
        <translation>已送审</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>changes requested</source>
        <translation>已退回修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>manual</source>
        <translation>人工撰写</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>model</source>
        <translation>模型生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>template</source>
        <translation>模板生成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Social post</source>
        <translation>社交媒体</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Banner</source>
        <translation>横幅广告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Push notification</source>
        <translation>推送通知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>auto loan</source>
        <translation>汽车贷款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>checking</source>
        <translation>结算账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>credit card</source>
        <translation>信用卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>insurance</source>
        <translation>保险</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>investment fund</source>
        <translation>基金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mortgage</source>
        <translation>住房贷款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>personal loan</source>
        <translation>个人贷款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>savings</source>
        <translation>储蓄</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>term deposit</source>
        <translation>定期存款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>wealth management</source>
        <translation>理财</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>guarantee</source>
        <translation>承诺保证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>superlative</source>
        <translation>绝对化用语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>missing_disclosure</source>
        <translation>缺少必要披露</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ungrounded_claim</source>
        <translation>无依据宣传</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pressure</source>
        <translation>施压营销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fair_lending</source>
        <translation>公平信贷</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pii</source>
        <translation>个人信息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>length</source>
        <translation>超出字数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>marketer</source>
        <translation>营销人员</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>reviewer</source>
        <translation>审核人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location line="+40"/>
        <location filename="../../copydesk/ui/onboarding.py" line="-11"/>
        <location filename="../../copydesk/ui/admin/common.py" line="-1"/>
        <source>, </source>
        <comment>between the names in a list</comment>
        <translation>、</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>#%1 (draft %2 v%3)</source>
        <translation>#%1（草稿 %2 v%3）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1: %2</source>
        <comment>a product fact: its name, then its value</comment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+52"/>
        <location line="+66"/>
        <source>Suggestion: %1</source>
        <translation>修改建议：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule %1: %2</source>
        <translation>规则 %1：%2</translation>
    </message>
</context>
</TS>
