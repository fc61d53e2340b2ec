// Small labels the work pages repeat: state, risk, the deadline with its light, the waits.
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from './format';

const LIGHT_COLOR = { green: 'green', yellow: 'gold', red: 'red' } as const;
const RISK_COLOR: Record<string, string> = { red: 'red', orange: 'orange', yellow: 'gold', blue: 'blue' };
const STATE_COLOR: Record<string, string> = {
  registered: 'blue',
  assigned: 'cyan',
  in_progress: 'processing',
  concluded: 'purple',
  followed_up: 'geekblue',
  archived: 'default',
  withdrawn: 'default',
  declined: 'default',
};

export function StateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLOR[state] ?? 'default'}>{t(`common.state.${state}`)}</Tag>;
}

export function RiskTag({ risk }: { risk: string }) {
  const { t } = useTranslation();
  return <Tag color={RISK_COLOR[risk] ?? 'default'}>{t(`common.risk.${risk}`)}</Tag>;
}

/** The deadline and its light; nothing when no clock runs. */
export function Deadline({ at, light }: { at: string | null; light: 'green' | 'yellow' | 'red' | null }) {
  const { t } = useTranslation();
  if (!at) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={4} wrap>
      {light && (
        <Tag color={LIGHT_COLOR[light]} data-light={light}>
          {t(`common.light.${light}`)}
        </Tag>
      )}
      <span>{formatTime(at)}</span>
    </Space>
  );
}
