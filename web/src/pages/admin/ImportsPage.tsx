// 数据导入 — one page for the imports the role may make here (the server's mayImport decides, and
// importKindsOf mirrors it): hotline work orders for the window, accounts for the security
// administrator, units and mediation organizations for the system administrator. Each tab is the
// shared import panel; base information is imported on the 基础信息 pages.
import { useQueryClient } from '@tanstack/react-query';
import { Card, Result, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth/session';
import { importKindsOf, type ConsoleImportKind } from '../../lib/import-kinds';
import { ImportPanel } from './ImportPanel';

/** What an import changes, to re-read once it has finished. */
const TOUCHES: Record<ConsoleImportKind, string[][]> = {
  cases: [['cases'], ['inbox']],
  users: [['admin', 'users']],
  units: [['admin', 'units'], ['units']],
  'mediation-orgs': [['admin', 'units'], ['units']],
};

export function ImportsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const kinds = importKindsOf(user.role, !!user.unitId);

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('admin.imports.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.imports.intro')}</Typography.Paragraph>
      {kinds.length === 0 ? (
        <Result status="403" title="403" subTitle={t('admin.imports.none')} />
      ) : (
        <Card size="small">
          <Tabs
            items={kinds.map((kind) => ({
              key: kind,
              label: t(`admin.imports.kinds.${kind}`),
              children: (
                <>
                  <Typography.Paragraph>{t(`admin.imports.kindIntro.${kind}`)}</Typography.Paragraph>
                  <ImportPanel
                    kind={kind}
                    onImported={() => {
                      for (const queryKey of TOUCHES[kind]) void queryClient.invalidateQueries({ queryKey });
                    }}
                  />
                </>
              ),
            }))}
          />
        </Card>
      )}
    </>
  );
}
